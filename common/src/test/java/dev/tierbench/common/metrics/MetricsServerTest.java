package dev.tierbench.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.cli.UserException;

class MetricsServerTest {

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheRegistryAsPrometheusTextAtMetricsOnly() throws Exception {
    Monitoring monitoring = Monitoring.create();
    monitoring.registry().counter("tierbench.test.events").increment(3);
    try (MetricsServer server = MetricsServer.start(monitoring, "127.0.0.1", 0, "--metrics-port")) {
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
          () -> MetricsServer.start(Monitoring.create(), "", taken.getLocalPort(), "--metrics-port"));
      assertEquals("cannot serve metrics on port " + taken.getLocalPort() + ": it is in use (choose another with"
          + " --metrics-port PORT, or --metrics-port off)", e.getMessage());
    }
  }
}
