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
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.common.trust.SecretFile;
import dev.tierbench.coordinator.http.SecuredHttp;
import dev.tierbench.coordinator.trust.StateFolder;

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
      Path prom = config(server);
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

  /** The shipped folder, the coordinator target pointed at the server, the secrets copied as it says. */
  private Path config(SecuredHttp server) throws Exception {
    Path from = Fixtures.ROOT.resolve("deploy/prometheus");
    Path prom = dir.resolve("prometheus");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path to = prom.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    Path config = prom.resolve("prometheus.yml");
    String text = Files.readString(config);
    assertTrue(text.contains("- coordinator:8765"), "the static coordinator target");
    Files.writeString(config, text.replace("- coordinator:8765", "- 127.0.0.1:" + server.port)
        .replace("scrape_interval: 5s", "scrape_interval: 1s"));
    Files.createDirectories(prom.resolve("secrets"));
    Files.copy(server.state.dir().resolve(StateFolder.CA), prom.resolve("secrets/ca.pem"));
    SecretFile.write(prom.resolve("secrets/scrape-token"), server.state.scrapeToken());
    return prom;
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
