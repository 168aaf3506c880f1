package dev.tierbench.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.coordinator.MeasuredRun;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/**
 * The runs API's work is bounded: a call whose client leaves, or that passes the deadline, stops drawing. The
 * largest report of the measured run takes about 2 s, so an outcome of "cancelled" or "overdue" shows the
 * draws loop was left early; the waits are on the API's own counters, never on sleeps.
 */
class AnswersTest {

  /** The largest report of the measured run: about 2 s of draws. */
  static final String HEAVY = "/api/runs/measured/report?draws=100000";

  private final Vertx vertx = Vertx.vertx();
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private int serve(Duration deadline) {
    Router router = Router.router(vertx);
    new RunsApi(new Answers(vertx, deadline, registry), MeasuredRun.get().runsDir(), id -> null).mount(router);
    return vertx.createHttpServer().requestHandler(router).listen(0).await().actualPort();
  }

  private double running() {
    return registry.get("tierbench_api_calls_running").gauge().value();
  }

  private double ended(String outcome) {
    var counter = registry.find("tierbench_api_calls_total").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Calls that have ended, however: counted on the event loop once the worker is done with them. */
  private double endedAtAll() {
    return java.util.stream.Stream.of("answered", "refused", "cancelled", "overdue", "failed")
        .mapToDouble(this::ended).sum();
  }

  private static long waitFor(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    long start = System.nanoTime();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() - start < limit.toNanos(), "waited " + limit.toMillis() + " ms for " + what);
      Thread.sleep(5);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void aClientThatGoesAwayStopsItsWork() throws Exception {
    int port = serve(Duration.ofMinutes(1));
    try (Socket client = new Socket("127.0.0.1", port)) {
      OutputStream out = client.getOutputStream();
      out.write(("GET " + HEAVY + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      waitFor("the call to start working", Duration.ofSeconds(30), () -> running() == 1);
    }
    long stopped = waitFor("the work to stop", Duration.ofSeconds(1), () -> endedAtAll() == 1);
    assertEquals(0, running());
    assertEquals(1, ended("cancelled"), "stopped in its draws, after " + stopped + " ms");
    assertEquals(0, ended("answered"));
  }

  @Test
  void workPastTheDeadlineIsStoppedAndAnswered503() throws Exception {
    int port = serve(Duration.ofMillis(100));
    long start = System.nanoTime();
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + port + HEAVY)).build(), HttpResponse.BodyHandlers.ofString());
    long answeredMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(503, r.statusCode(), r.body());
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
    assertEquals("the answer took longer than 100 ms and was stopped; ask for fewer draws",
        new ObjectMapper().readTree(r.body()).get("error").asText());
    assertTrue(answeredMs < 1_500, "answered at the deadline, not when the work ended: " + answeredMs + " ms");
    waitFor("the work to stop", Duration.ofSeconds(1), () -> endedAtAll() == 1);
    assertEquals(0, running());
    assertEquals(1, ended("overdue"));
  }
}
