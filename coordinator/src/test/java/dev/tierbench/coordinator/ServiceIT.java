package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A coordinator as a team's service, agents in JVMs of their own, sweeps submitted from "laptops" (more JVMs) with
 * people's tokens: runs side by side share the agents fairly, a cancelled run keeps what it measured, a restart
 * resumes the running run and then the queued one, and a sweep with a bad line is refused before any upload.
 */
class ServiceIT {

  @TempDir
  Path dir;

  @Test
  void threeSweepsSubmittedWhileOthersRunShareTheAgentsFairly() throws Exception {
    Files.createSymbolicLink(dir.resolve("data"), Fixtures.ROOT.resolve("configs/data"));
    Map<String, Path> sweeps = new LinkedHashMap<>();
    // Runs alone at first, with enough tasks to outlast the other two, which are submitted while it runs: 80 tasks
    // of a second, where training gamma took 15 s here (a slower machine has room to spare).
    sweeps.put("alpha", sweep("alpha", "[" + Fixtures.KWS + "]", 20));
    // Trained on the coordinator before it runs; beta waits for the preparing thread meanwhile, so the two start
    // together, beside alpha.
    sweeps.put("gamma", sweep("gamma", """

          - generate: cnn
            name: digits
            params: {depth: 0.25, width: 0.25, resolution: 32}
            train: {dataset: digits, epochs: 2, learning-rate: 0.003, batch: 32}""", 6));
    sweeps.put("beta", sweep("beta", "[" + Fixtures.KWS + "]", 6));
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      jvms.service("--cache-dir", dir.resolve("coordinator-cache").toString());
      Path alice = jvms.userToken("alice", "submit");
      // Each its own device: the two measure at the same time.
      jvms.agent("a1", "edge", "--device-lock", dir.resolve("a1.lock").toString());
      jvms.agent("a2", "edge", "--device-lock", dir.resolve("a2.lock").toString());
      List<String> ids = new ArrayList<>();
      for (var sweep : sweeps.entrySet()) {
        assertEquals(0, jvms.command("submit-" + sweep.getKey(), Duration.ofMinutes(1), "submit",
            sweep.getValue().toString(), "--coordinator", jvms.coordinatorUrl(), "--token-file", alice.toString()),
            jvms.output("submit-" + sweep.getKey()));
        ids.add(jvms.output("submit-" + sweep.getKey()).lines().reduce((a, b) -> b).orElseThrow().strip());
        if (ids.size() == 1) {
          jvms.awaitLog("a1", log -> log.contains("measured task"), Duration.ofMinutes(1));
        }
      }
      assertEquals(List.of("alpha-1", "gamma-2", "beta-3"), ids);
      for (String id : ids) {
        assertEquals(0, jvms.command("wait-" + id, Duration.ofMinutes(5), "wait", id, "--coordinator",
            jvms.coordinatorUrl(), "--token-file", alice.toString(), "--progress", "never"), jvms.allLogs());
      }
      Map<String, Double> seconds = agentSecondsWhileAllRan(ids);
      double mean = seconds.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      System.out.printf("agent time while all three ran: %s (mean %.1f s)%n", seconds, mean);
      assertTrue(mean > 10, "all three ran together long enough to tell: " + seconds);
      for (var run : seconds.entrySet()) {
        assertTrue(Math.abs(run.getValue() - mean) <= 0.2 * mean, run.getKey() + " had " + run.getValue()
            + " s of the agents, the mean " + mean + " s: " + seconds);
      }
      JsonArray runs = new JsonArray(runsListing(jvms, alice));
      assertEquals(3, runs.size());
      runs.forEach(r -> assertEquals("alice", ((JsonObject) r).getString("submitter")));
      assertEquals(0, jvms.command("report", Duration.ofMinutes(1), "report", "gamma-2", "--coordinator",
          jvms.coordinatorUrl(), "--token-file", alice.toString(), "--runs-dir", dir.resolve("fetched").toString()),
          jvms.output("report"));
      assertTrue(Files.readString(dir.resolve("fetched/gamma-2/report.html")).contains("digits"));
    }
  }

  @Test
  void aRestartResumesTheRunningRunThenTheQueuedOneWhichIsCancelledKeepingWhatItMeasured() throws Exception {
    Path first = sweep("first", "[" + Fixtures.KWS + "]", 3);
    Path second = sweep("second", "[" + Fixtures.KWS + "]", 5);
    Path bad = dir.resolve("bad.yaml");
    Path fresh = dir.resolve("fresh.tflite");
    Files.write(fresh, new byte[] {1, 2, 3, 4});
    Files.writeString(bad, "name: bad\nmodels: [" + fresh + "]\ntiers: [edge]\nrepetitons: 2\n");
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      Process service = jvms.service("--max-runs", "1");
      Path alice = jvms.userToken("alice", "submit");
      jvms.agent("a1", "edge");
      assertEquals(1, jvms.command("submit-bad", Duration.ofMinutes(1), "submit", bad.toString(), "--coordinator",
          jvms.coordinatorUrl(), "--token-file", alice.toString()));
      assertTrue(jvms.output("submit-bad").contains("tierbench: " + bad + ":4:1: unknown key 'repetitons'"),
          jvms.output("submit-bad"));
      assertEquals(List.of(), blobs(), "refused before anything was uploaded");

      for (Path sweep : List.of(first, second)) {
        assertEquals(0, jvms.command("submit", Duration.ofMinutes(1), "submit", sweep.toString(), "--coordinator",
            jvms.coordinatorUrl(), "--token-file", alice.toString()), jvms.output("submit"));
      }
      jvms.awaitLog("a1", log -> count(log, "measured task") >= 2, Duration.ofMinutes(2));
      assertTrue(new JsonArray(runsListing(jvms, alice)).stream()
          .anyMatch(r -> ((JsonObject) r).getString("status").equals("QUEUED")), "max-runs 1: second waits");
      service.destroyForcibly();
      service.waitFor();

      jvms.service("--max-runs", "1");
      assertEquals(0, jvms.command("wait-first", Duration.ofMinutes(3), "wait", "first-1", "--coordinator",
          jvms.coordinatorUrl(), "--token-file", alice.toString(), "--progress", "never"), jvms.allLogs());
      assertTrue(jvms.output("coordinator").contains("run first-1 (alice) was running when the coordinator stopped:"
          + " resuming it"), jvms.output("coordinator"));
      Path firstDb = dir.resolve("runs/first-1/results.db");
      assertEquals(12, JvmProcesses.query(firstDb, "SELECT DISTINCT task_id FROM results").size());
      assertEquals(12, JvmProcesses.query(firstDb, "SELECT task_id FROM results").size(), "none measured twice");

      jvms.awaitLog("a1", log -> count(log, "measured task") >= 12 + 2, Duration.ofMinutes(2));
      assertEquals(0, jvms.command("cancel", Duration.ofMinutes(1), "cancel", "second-2", "--coordinator",
          jvms.coordinatorUrl(), "--token-file", alice.toString()), jvms.output("cancel"));
      assertEquals(1, jvms.command("wait-second", Duration.ofMinutes(1), "wait", "second-2", "--coordinator",
          jvms.coordinatorUrl(), "--token-file", alice.toString(), "--progress", "never"), jvms.allLogs());
      assertTrue(jvms.output("wait-second").contains("second-2 cancelled: cancelled by alice"),
          jvms.output("wait-second"));
      int kept = JvmProcesses.query(dir.resolve("runs/second-2/results.db"), "SELECT task_id FROM results").size();
      assertTrue(kept >= 2 && kept < 20, "what it measured is kept, the rest was not measured: " + kept);
    }
  }

  /** A sweep of 4 batch sizes x {@code repetitions} on tier edge, each task a second. */
  private Path sweep(String name, String models, int repetitions) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, """
        name: %s
        models: %s
        axes:
          batch: [1, 2, 3, 4]
        tiers: [edge]
        repetitions: %d
        measurement: {warmup: 2, min-duration: 1s, min-queries: 5, max-duration: 20s}
        """.formatted(name, models, repetitions));
    return file;
  }

  /**
   * Each run's agent time (from its attempts' start and end) in the window when all of them had started and none had
   * ended its last attempt.
   */
  private Map<String, Double> agentSecondsWhileAllRan(List<String> ids) throws Exception {
    Map<String, List<Instant[]>> attempts = new LinkedHashMap<>();
    for (String id : ids) {
      List<Instant[]> spans = new ArrayList<>();
      for (Map<String, Object> a : JvmProcesses.query(dir.resolve("runs").resolve(id).resolve("results.db"),
          "SELECT started_at, ended_at FROM attempts WHERE started_at IS NOT NULL")) {
        spans.add(new Instant[] {Instant.parse((String) a.get("started_at")),
            Instant.parse((String) a.get("ended_at"))});
      }
      attempts.put(id, spans);
    }
    Instant from = attempts.values().stream().map(s -> s.stream().map(a -> a[0]).min(Instant::compareTo)
        .orElseThrow()).max(Instant::compareTo).orElseThrow();
    Instant to = attempts.values().stream().map(s -> s.stream().map(a -> a[1]).max(Instant::compareTo)
        .orElseThrow()).min(Instant::compareTo).orElseThrow();
    System.out.printf("all three ran from %s to %s%n", from, to);
    Map<String, Double> seconds = new LinkedHashMap<>();
    attempts.forEach((id, spans) -> seconds.put(id, spans.stream().mapToLong(a -> Math.max(0,
        Duration.between(a[0].isBefore(from) ? from : a[0], a[1].isAfter(to) ? to : a[1]).toMillis())).sum() / 1e3));
    return seconds;
  }

  private static String runsListing(JvmProcesses jvms, Path token) throws Exception {
    assertEquals(0, jvms.command("runs", Duration.ofMinutes(1), "runs", "--json", "--coordinator",
        jvms.coordinatorUrl(), "--token-file", token.toString()), jvms.output("runs"));
    String out = jvms.output("runs");
    return out.substring(out.indexOf('['));
  }

  private List<Path> blobs() throws Exception {
    Path folder = dir.resolve("runs").resolve(Coordinator.BLOBS);
    if (Files.notExists(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    }
  }

  private static int count(String text, String what) {
    return text.split(what, -1).length - 1;
  }
}
