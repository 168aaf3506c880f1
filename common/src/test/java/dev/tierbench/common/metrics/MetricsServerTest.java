package dev.tierbench.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.cli.UserException;

class MetricsServerTest {

  private static final String TOKEN = "tb1.scrape.s3cret";

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return get(port, path, null);
  }

  private static HttpResponse<String> get(int port, String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheRegistryAsPrometheusTextAtMetricsOnly() throws Exception {
    Monitoring monitoring = Monitoring.create();
    monitoring.registry().counter("tierbench.test.events").increment(3);
    try (MetricsServer server = MetricsServer.start(monitoring, "127.0.0.1", 0, "--metrics-port", "")) {
      HttpResponse<String> metrics = get(server.port(), "/metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(metrics.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
      assertTrue(metrics.body().contains("tierbench_test_events_total 3.0"), metrics.body());
      assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM metrics are bound");
      assertEquals(404, get(server.port(), "/").statusCode());
    }
  }

  @Test
  void aPortInUseIsNamedWithTheFlagToChangeIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      UserException e = assertThrows(UserException.class,
          () -> MetricsServer.start(Monitoring.create(), "", taken.getLocalPort(), "--metrics-port", TOKEN));
      assertEquals("cannot serve metrics on port " + taken.getLocalPort() + ": it is in use (choose another with"
          + " --metrics-port PORT, or --metrics-port off)", e.getMessage());
    }
  }

  @Test
  void beyondLoopbackItNeedsAScrapeToken() {
    for (String host : new String[] {"", "0.0.0.0", "::", "192.0.2.7"}) {
      UserException e = assertThrows(UserException.class,
          () -> MetricsServer.start(Monitoring.create(), host, 0, "--metrics-port", " "), host);
      assertTrue(e.getMessage().contains("would answer anyone who reaches them: give the coordinator's scrape token"
          + " with --metrics-token-file FILE"), e.getMessage());
    }
    assertTrue(MetricsServer.loopback("localhost"));
    assertTrue(MetricsServer.loopback("127.0.0.2"));
    assertTrue(MetricsServer.loopback("::1"));
  }

  /** Only the exact header gets the figures: the token's near misses, other schemes and garbage get 401. */
  @Test
  void aTokenIsAskedOfEveryScrapeAndNearMissesAreRefused() throws Exception {
    try (MetricsServer server = MetricsServer.start(Monitoring.create(), "127.0.0.1", 0, "--metrics-port", TOKEN)) {
      assertEquals(200, get(server.port(), "/metrics", "Bearer " + TOKEN).statusCode());
      HttpResponse<String> anonymous = get(server.port(), "/metrics");
      assertEquals(401, anonymous.statusCode());
      assertEquals("Bearer realm=\"tierbench\"", anonymous.headers().firstValue("www-authenticate").orElse(""));
      assertEquals(401, get(server.port(), "/", null).statusCode(), "no path is answered without the token");
      Random random = new Random(13);
      String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789.-_ \u00e9\u0430";
      for (int i = 0; i < 200; i++) {
        StringBuilder near = new StringBuilder(TOKEN);
        int at = random.nextInt(near.length());
        switch (random.nextInt(4)) {
          case 0 -> near.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> near.deleteCharAt(at);
          case 2 -> near.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          default -> near.setCharAt(at, Character.toUpperCase(near.charAt(at)));
        }
        if (near.toString().strip().equals(TOKEN)) {
          continue;
        }
        String scheme = random.nextBoolean() ? "Bearer " : random.nextBoolean() ? "Basic " : "";
        String header = scheme + near;
        int status;
        try {
          status = get(server.port(), "/metrics", header).statusCode();
        } catch (IllegalArgumentException e) {
          continue; // a header value the client itself refuses to send
        }
        assertEquals(401, status, header);
      }
      assertEquals(200, get(server.port(), "/metrics", "Bearer " + TOKEN).statusCode(), "still serving");
    }
  }
}
