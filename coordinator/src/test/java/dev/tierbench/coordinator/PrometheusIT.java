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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.common.trust.ClientTrust;
import dev.tierbench.common.trust.SecretFile;
import dev.tierbench.coordinator.metrics.MetricsConventions;
import dev.tierbench.coordinator.trust.StateFolder;
import io.vertx.core.json.JsonObject;

/**
 * A real Prometheus (Debian's) with the project's deploy/prometheus configuration and rules, scraping a
 * coordinator and two agents (separate JVMs) while they run a real sweep. Every PromQL expression of every
 * Grafana dashboard panel and every recording rule must return data. The agents' hardware sources are the
 * recorded outputs of real boards replayed by stand-in tools: one agent is an x86 server with an NVIDIA GPU
 * (nvidia-smi, RAPL and cpufreq/thermal sysfs), the other plays a Jetson's tegrastats and a Pi's vcgencmd.
 * Prometheus scrapes the coordinator as deployed: over HTTPS, trusting the coordinator's own authority, with the
 * scrape token from its state folder; without the token /metrics is refused.
 */
class PrometheusIT {

  private static final Path DEPLOY = Fixtures.ROOT.resolve("deploy");
  private static final Path SAMPLES = Fixtures.ROOT.resolve("agent/src/test/resources/samples");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  @Test
  void everyDashboardPanelAndRecordingRuleReturnsDataFromARealSweep() throws Exception {
    int httpPort = JvmProcesses.freePort();
    int prometheusPort = JvmProcesses.freePort();
    Path prom = prometheusConfig(dir, httpPort);
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, "name: watched\nmodels: [" + Fixtures.KWS + ", " + Fixtures.MOBILENET + "]\n"
        + "axes: {batch: [1, 2]}\ntiers: [edge, iot]\nrepetitions: 2\n"
        + "measurement: {warmup: 5, min-duration: 1500ms, min-queries: 20, max-duration: 10s}\n");
    String base = "https://127.0.0.1:" + httpPort;
    Path state = dir.resolve("state");
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      jvms.expectCoordinator(httpPort);
      jvms.start("coordinator", JvmProcesses.COORDINATOR_JAR, List.of("coordinator", "--sweep", sweep.toString(),
          "--state-dir", state.toString(),
          "--runs-dir", dir.resolve("runs").toString(), "--cluster-host", "127.0.0.1", "--http-port",
          Integer.toString(httpPort), "--progress", "never",
          "--exit-when-done", "false", "--prometheus-targets", prom.resolve("targets/agents.json").toString()));
      jvms.awaitLog("coordinator", log -> log.contains(" up at "), Duration.ofSeconds(60));
      copySecrets(state, prom);
      ClientTrust operatorTrust = StateFolder.operatorTrust(state);
      HttpClient coordinator = operatorTrust.httpClient(Duration.ofSeconds(10));
      String operator = operatorTrust.authorization();
      HttpResponse<String> anonymous = coordinator.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, anonymous.statusCode(), "/metrics without the scrape token: " + anonymous.body());
      // edge-1 guards its metrics with the scrape token, as an agent listening beyond loopback must; iot-1 does not.
      jvms.agent("edge-1", "edge", path(gpuServerTools()), "--sysfs-root", sysfsRoot().toString(),
          "--sample-interval", "200ms", "--metrics-token-file", prom.resolve("secrets/scrape-token").toString());
      jvms.agent("iot-1", "iot", path(boardTools()), "--sample-interval", "200ms");
      jvms.process("prometheus", List.of("prometheus", "--config.file=" + prom.resolve("prometheus.yml"),
          "--web.listen-address=127.0.0.1:" + prometheusPort, "--storage.tsdb.path=" + dir.resolve("tsdb")),
          Map.of());
      String prometheus = "http://127.0.0.1:" + prometheusPort;

      jvms.awaitLog("edge-1", log -> log.contains("serves Prometheus metrics on "), Duration.ofSeconds(60));
      Matcher edgeMetrics = Pattern.compile("serves Prometheus metrics on (http://\\S+/metrics)")
          .matcher(jvms.output("edge-1"));
      assertTrue(edgeMetrics.find(), jvms.output("edge-1"));
      assertEquals(401, HTTP.send(HttpRequest.newBuilder(URI.create(edgeMetrics.group(1))).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode(), "an agent's metrics without the token");
      awaitReady(prometheus, jvms);
      awaitData(prometheus, "count(up{job=\"tierbench-agents\"} == 1) == 2 and on() count(up == 1) == 3", jvms);
      awaitData(prometheus, "count(tierbench:inference_latency_seconds:p50) >= 2 and on() count("
          + "tierbench_gpu_utilization_ratio) >= 1 and on() count(tierbench_throttled) >= 1", jvms);
      assertTrue(running(get(coordinator, base + "/api/status", operator)),
          "the run is still in progress while queried");

      // Rates need two scrapes of a series, and an agent's counters appear with its first measurement: ask again
      // (while the run goes on) until every query has data, or the run ends without it.
      Map<String, String> queries = queries();
      List<String> missing = missing(prometheus, queries);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!missing.isEmpty() && System.nanoTime() < deadline
          && running(get(coordinator, base + "/api/status", operator))) {
        Thread.sleep(1_000);
        missing = missing(prometheus, queries);
      }
      System.out.printf("PrometheusIT: %d queries (dashboard panels and recording rules) evaluated, %d without"
          + " data%n", queries.size(), missing.size());
      assertEquals(List.of(), missing, "queries that returned no data");

      String scrapeToken = "Bearer " + SecretFile.read(state.resolve(StateFolder.SCRAPE_TOKEN));
      String coordinatorScrape = get(coordinator, base + "/metrics", scrapeToken);
      String agentScrape = get(HTTP, "http://" + agentTarget(prom, "edge-1") + "/metrics", scrapeToken);
      assertEquals(List.of(), MetricsConventions.violations(coordinatorScrape), "coordinator /metrics");
      assertEquals(List.of(), MetricsConventions.violations(agentScrape), "agent /metrics");
      System.out.printf("PrometheusIT: series per scrape: coordinator %d (tierbench %d), agent %d (tierbench %d);"
          + " scrape durations: %s%n", coordinatorScrape.lines().filter(l -> !l.startsWith("#")).count(),
          MetricsConventions.tierbenchSeries(coordinatorScrape), agentScrape.lines().filter(l -> !l.startsWith("#"))
              .count(), MetricsConventions.tierbenchSeries(agentScrape),
          query(prometheus, "scrape_duration_seconds").toString().replaceAll("\"__name__\":\"[a-z_]+\",", ""));

      scrapeWhileStopping(jvms, agentTarget(prom, "iot-1"));
    }
  }

  private static List<String> missing(String prometheus, Map<String, String> queries) throws Exception {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> q : queries.entrySet()) {
      if (query(prometheus, q.getValue()).size() == 0) {
        missing.add(q.getKey() + ": " + q.getValue());
      }
    }
    return missing;
  }

  /** The project's Prometheus folder, copied into {@code dir}, pointed at this coordinator and scraping every second. */
  static Path prometheusConfig(Path dir, int httpPort) throws Exception {
    Path prom = dir.resolve("prometheus");
    try (Stream<Path> files = Files.walk(DEPLOY.resolve("prometheus"))) {
      for (Path from : files.toList()) {
        Path to = prom.resolve(DEPLOY.resolve("prometheus").relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
    Path config = prom.resolve("prometheus.yml");
    String text = Files.readString(config);
    assertTrue(text.contains("- coordinator:8765"), "the static coordinator target");
    Files.writeString(config, text.replace("- coordinator:8765", "- 127.0.0.1:" + httpPort)
        .replace("scrape_interval: 5s", "scrape_interval: 1s").replace("evaluation_interval: 5s",
            "evaluation_interval: 1s").replace("refresh_interval: 5s", "refresh_interval: 1s"));
    return prom;
  }

  /** What prometheus.yml says to copy from the coordinator's state folder: its authority and the scrape token. */
  static void copySecrets(Path stateDir, Path prom) throws Exception {
    Files.createDirectories(prom.resolve("secrets"));
    Files.copy(stateDir.resolve(StateFolder.CA), prom.resolve("secrets/ca.pem"));
    SecretFile.write(prom.resolve("secrets/scrape-token"), SecretFile.read(stateDir.resolve(StateFolder.SCRAPE_TOKEN)));
  }

  private static Map<String, String> path(Path tools) {
    return Map.of("PATH", tools + ":" + System.getenv("PATH"));
  }

  /** nvidia-smi answering the sampler's query with a recorded H100 under load (nvidia-smi-query-gpu-h100...). */
  private Path gpuServerTools() throws Exception {
    Path bin = dir.resolve("bin-gpu");
    script(bin, "nvidia-smi", "echo '0, 100, 19818, 631.95, 59, 1980'\n");
    return bin;
  }

  /** tegrastats replaying a recorded AGX Orin, vcgencmd answering as a recorded throttled Pi 3. */
  private Path boardTools() throws Exception {
    Path bin = dir.resolve("bin-board");
    List<String> orin = Files.readAllLines(SAMPLES.resolve("tegrastats-agx-orin-64gb-jp6.txt")).subList(0, 2);
    script(bin, "tegrastats", "while true; do\n  echo '" + orin.get(0) + "'\n  sleep 0.2\n  echo '" + orin.get(1)
        + "'\n  sleep 0.2\ndone\n");
    script(bin, "vcgencmd", """
        case "$1" in
          measure_temp) echo "temp=38.6'C" ;;
          get_throttled) echo "throttled=0x50005" ;;
          measure_clock) echo "frequency(45)=1400000000" ;;
          *) echo "unknown command $1" >&2; exit 1 ;;
        esac
        """);
    return bin;
  }

  private static void script(Path bin, String name, String body) throws Exception {
    Files.createDirectories(bin);
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A machine's sys/ from recorded node_exporter fixtures: RAPL energy, CPU frequencies, thermal zones. */
  private Path sysfsRoot() throws Exception {
    Path root = dir.resolve("sysroot");
    for (String fixture : List.of("sysfs-powercap-intel-rapl-x86-node_exporter-fixture",
        "sysfs-cpufreq-thermal-x86-node_exporter-fixture")) {
      Path from = SAMPLES.resolve(fixture);
      try (Stream<Path> files = Files.walk(from)) {
        for (Path f : files.toList()) {
          Path to = root.resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(to);
          } else if (!Files.exists(to)) {
            Files.copy(f, to);
          }
        }
      }
    }
    return root;
  }

  private static String get(String url) throws Exception {
    return get(HTTP, url, null);
  }

  /** The body of a 200 to GET {@code url} through {@code client}, sending {@code authorization} unless null. */
  private static String get(HttpClient client, String url, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), url + ": " + r.body());
    return r.body();
  }

  private static JsonNode query(String prometheus, String promql) throws Exception {
    JsonNode answer = JSON.readTree(get(prometheus + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
    assertEquals("success", answer.get("status").asText(), promql);
    return answer.get("data").get("result");
  }

  private static String targets(String prometheus) {
    try {
      return get(prometheus + "/api/v1/targets");
    } catch (Exception e) {
      return "unavailable: " + e;
    }
  }

  /**
   * Prometheus listens before it can answer queries (503 while it loads its storage and configuration): wait for
   * its readiness endpoint, so that every later error is a real one.
   */
  private static void awaitReady(String prometheus, JvmProcesses jvms) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "no answer";
    while (true) {
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(prometheus + "/-/ready"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body().strip();
      } catch (java.io.IOException e) {
        last = e.toString();
      }
      Process server = jvms.running("prometheus");
      if (System.nanoTime() > deadline || !server.isAlive()) {
        throw new AssertionError("prometheus not ready within 60 s (" + (server.isAlive() ? "running" : "exited with "
            + server.exitValue()) + "); last answer: " + last + "\n" + jvms.allLogs());
      }
      Thread.sleep(200);
    }
  }

  private static void awaitData(String prometheus, String promql, JvmProcesses jvms) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      if (query(prometheus, promql).size() > 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        Process server = jvms.running("prometheus");
        throw new AssertionError("no data for " + promql + " within 60 s (prometheus " + (server.isAlive() ? "running"
            : "exited with " + server.exitValue()) + "); its targets: " + targets(prometheus) + "\n" + jvms.allLogs());
      }
      Thread.sleep(500);
    }
  }

  /**
   * Every expression of every panel of every dashboard (variables substituted: all tiers, runs and agents, a
   * 30 s rate window) and of every recording rule, by a name saying where it is.
   */
  private static Map<String, String> queries() throws Exception {
    Map<String, String> queries = new LinkedHashMap<>();
    try (Stream<Path> dashboards = Files.list(DEPLOY.resolve("grafana/dashboards"))) {
      for (Path file : dashboards.sorted().toList()) {
        JsonNode dashboard = JSON.readTree(file.toFile());
        for (JsonNode panel : dashboard.get("panels")) {
          for (JsonNode target : panel.get("targets")) {
            queries.put(dashboard.get("title").asText() + " / " + panel.get("title").asText() + " / "
                + target.path("refId").asText(), target.get("expr").asText()
                    .replace("$__rate_interval", "30s").replace("$tier", ".*").replace("$run", ".*")
                    .replace("$agent", ".*"));
          }
        }
      }
    }
    JsonNode rules = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(DEPLOY.resolve("prometheus/rules/tierbench.yml").toFile());
    for (JsonNode group : rules.get("groups")) {
      for (JsonNode rule : group.get("rules")) {
        if (rule.has("record")) {
          queries.put("recording rule " + rule.get("record").asText(), rule.get("expr").asText());
          queries.put("recorded series " + rule.get("record").asText(), rule.get("record").asText());
        }
      }
    }
    return queries;
  }

  private static String agentTarget(Path prom, String agent) throws Exception {
    for (JsonNode group : JSON.readTree(prom.resolve("targets/agents.json").toFile())) {
      if (group.get("labels").get("agent").asText().equals(agent)) {
        return group.get("targets").get(0).asText();
      }
    }
    throw new AssertionError("agent " + agent + " is not in the targets file");
  }

  /**
   * Scrapes an agent without pause while it is told to stop: it stops as it always does, with no error. The stop
   * comes once a scrape has been answered, so that it lands while scrapes are going on.
   */
  private static void scrapeWhileStopping(JvmProcesses jvms, String target) throws Exception {
    AtomicBoolean scraping = new AtomicBoolean(true);
    CountDownLatch answered = new CountDownLatch(1);
    Thread scraper = new Thread(() -> {
      while (scraping.get()) {
        try {
          HTTP.send(HttpRequest.newBuilder(URI.create("http://" + target + "/metrics"))
              .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
          answered.countDown();
        } catch (Exception e) {
          // refused once the process is gone
        }
      }
    });
    scraper.start();
    assertTrue(answered.await(60, TimeUnit.SECONDS), "a scrape of " + target + " answered before the stop");
    jvms.running("iot-1").destroy();
    int status = jvms.awaitExit("iot-1", Duration.ofSeconds(60));
    scraping.set(false);
    scraper.join();
    assertEquals(143, status, "ended by SIGTERM after its shutdown hook\n" + jvms.output("iot-1"));
    assertTrue(!jvms.output("iot-1").contains("Exception"), jvms.output("iot-1"));
  }

  /** Whether the status document shows a run in progress. */
  private static boolean running(String status) {
    return !new JsonObject(status).getJsonArray("runs").isEmpty();
  }
}
