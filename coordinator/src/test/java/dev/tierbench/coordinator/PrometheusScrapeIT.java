package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.coordinator.http.SecuredHttp;

/**
 * A real Prometheus (Debian's) with the shipped configuration scrapes the coordinator's HTTP side over TLS with the
 * scrape token, the secrets copied from the state folder as the configuration says: the target is up. Without
 * the token /metrics is refused. (PrometheusIT does the same with the whole coordinator and a sweep.)
 */
class PrometheusScrapeIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  @Test
  void prometheusScrapesTheCoordinatorOverTlsWithTheScrapeToken() throws Exception {
    try (SecuredHttp server = new SecuredHttp(dir, true)) {
      assertEquals(401, server.get("/metrics").statusCode(), "anonymous /metrics");
      Path prom = PrometheusIT.prometheusConfig(dir, server.port);
      PrometheusIT.copySecrets(server.state.dir(), prom);
      int port = JvmProcesses.freePort();
      Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + prom.resolve("prometheus.yml"),
          "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.path=" + dir.resolve("tsdb"))
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      try {
        String up = "up{job=\"tierbench-coordinator\"} == 1";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (query(port, up) == 0) {
          assertTrue(System.nanoTime() < deadline && prometheus.isAlive(), "the coordinator target is not up; targets: "
              + targets(port) + "\n" + Files.readString(dir.resolve("prometheus.log")));
          Thread.sleep(500);
        }
      } finally {
        prometheus.destroy();
        prometheus.waitFor();
      }
    }
  }

  private static int query(int port, String promql) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5))
          .build(), HttpResponse.BodyHandlers.ofString());
      JsonNode answer = JSON.readTree(r.body());
      return r.statusCode() == 200 ? answer.get("data").get("result").size() : 0;
    } catch (Exception e) {
      return 0; // not ready yet
    }
  }

  private static String targets(int port) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/targets")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      return "unavailable: " + e;
    }
  }
}
