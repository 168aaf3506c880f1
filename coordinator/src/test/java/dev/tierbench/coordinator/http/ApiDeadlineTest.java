package dev.tierbench.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.coordinator.Coordinator;
import dev.tierbench.coordinator.CoordinatorSettings;
import dev.tierbench.coordinator.MeasuredRun;
import dev.tierbench.coordinator.TestTrust;
import dev.tierbench.coordinator.trust.StateFolder;
import io.vertx.core.Vertx;

/**
 * The deadline in a coordinator's settings is the one its runs API keeps: with 150 ms, the measured run's
 * largest report (about 2 s, well inside the default 10 s) is stopped and answered 503 naming 150 ms.
 */
class ApiDeadlineTest {

  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path dir;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void theSettingsDeadlineStopsACallThatPassesIt() throws Exception {
    StateFolder state = TestTrust.folder(dir);
    Coordinator coordinator = new Coordinator(new CoordinatorSettings("c", "127.0.0.1", "127.0.0.1", 0, Duration.ofSeconds(1),
        Duration.ofSeconds(5), Duration.ofSeconds(5), 3, Duration.ofSeconds(60), Duration.ofSeconds(30), MeasuredRun.get().runsDir(), null,
        false, Duration.ofMillis(150), state.access(), null, 0), Clock.systemUTC());
    // Deployed once it listens: the call below needs no retry.
    vertx.deployVerticle(coordinator).await();
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + coordinator.httpPort() + AnswersTest.HEAVY)).header("Authorization", TestTrust.operator(state)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(503, r.statusCode(), () -> r.body().substring(0, Math.min(300, r.body().length())));
    assertEquals("the answer took longer than 150 ms and was stopped; ask for fewer draws",
        new ObjectMapper().readTree(r.body()).get("error").asText());
  }
}
