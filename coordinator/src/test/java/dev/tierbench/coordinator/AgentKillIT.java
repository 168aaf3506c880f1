package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent killed (SIGKILL) or stopped (SIGTERM) in the middle of a task: the sweep completes on the other. */
class AgentKillIT {

  @TempDir
  Path dir;

  @Test
  void aTaskOfAKilledAgentIsRetriedElsewhereAndNothingIsLostOrStoredTwice() throws Exception {
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, """
        name: kill-it
        models: [%s]
        axes:
          batch: [1, 2]
        tiers: [edge]
        repetitions: 3
        measurement: {warmup: 5, min-duration: 1500ms, min-queries: 10, max-duration: 60s}
        """.formatted(Fixtures.KWS));
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      jvms.coordinator(sweep, "--heartbeat-interval", "250ms", "--lease-timeout", "2s");
      // Both start together: a survivor started only after the victim measured could join after the run ended.
      Process victim = jvms.agent("victim", "edge");
      jvms.agent("survivor", "edge");
      jvms.awaitLog("coordinator", log -> log.contains("agent survivor joined"), Duration.ofMinutes(1));
      jvms.awaitLog("victim", log -> log.contains("measured task"), Duration.ofMinutes(2));
      // Kill the victim as soon as it has leased its next task: it holds that lease (a task takes 1.5 s).
      int leasesSoFar = jvms.output("victim").split("leased task", -1).length;
      jvms.awaitLog("victim", log -> log.split("leased task", -1).length > leasesSoFar, Duration.ofMinutes(1));
      String killedTask = lastLeasedTask(jvms.output("victim"));
      victim.destroyForcibly();
      assertTrue(victim.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
      assertEquals(137, victim.exitValue(), "killed by SIGKILL");

      assertEquals(0, jvms.awaitExit("coordinator", Duration.ofMinutes(3)), jvms.allLogs());

      Path db = dir.resolve("runs/kill-it/results.db");
      List<Map<String, Object>> results = JvmProcesses.query(db, "SELECT task_id, agent_id, attempt FROM results");
      assertEquals(6, results.size(), "every task has exactly one result: " + results);
      assertEquals(6, results.stream().map(r -> r.get("task_id")).collect(Collectors.toSet()).size());
      Map<String, Object> retried = results.stream().filter(r -> r.get("task_id").equals(killedTask)).findFirst()
          .orElseThrow(() -> new AssertionError("no result for the killed task " + killedTask));
      assertEquals("survivor", retried.get("agent_id"));
      assertEquals(2, ((Number) retried.get("attempt")).intValue());

      List<Map<String, Object>> attempts = JvmProcesses.query(db,
          "SELECT attempt, agent_id, outcome, reason FROM attempts WHERE task_id = '" + killedTask + "' ORDER BY id");
      assertEquals(2, attempts.size(), attempts.toString());
      assertEquals("victim", attempts.get(0).get("agent_id"));
      assertEquals("EXPIRED", attempts.get(0).get("outcome"));
      assertTrue(((String) attempts.get(0).get("reason")).startsWith("lease expired: agent victim silent for"),
          attempts.toString());
      assertEquals("DONE", attempts.get(1).get("outcome"));
      String log = jvms.output("coordinator");
      assertTrue(log.contains("task " + killedTask + " attempt 1 leased to agent victim")
          && log.contains("task " + killedTask + " attempt 1 on agent victim expired")
          && log.contains("task " + killedTask + " attempt 2 leased to agent survivor"),
          "the grant, the expiry and the re-lease are each a line: " + log);
      assertEquals(Set.of("DONE"), JvmProcesses.query(db, "SELECT DISTINCT state FROM tasks").stream()
          .map(r -> r.get("state")).collect(Collectors.toSet()));
    }
  }

  @Test
  void aStoppedAgentHandsItsTaskBackAndLeaves() throws Exception {
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, """
        name: stop-it
        models: [%s]
        tiers: [edge]
        repetitions: 3
        measurement: {warmup: 5, min-duration: 3s, min-queries: 10, max-duration: 60s}
        """.formatted(Fixtures.KWS));
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      jvms.coordinator(sweep, "--heartbeat-interval", "250ms", "--lease-timeout", "2s");
      // Both start together: the survivor takes one task at a time, so the stopping agent gets one of the three.
      jvms.agent("survivor", "edge");
      Process stopping = jvms.agent("stopping", "edge", "--shutdown-grace", "500ms");
      jvms.awaitLog("coordinator", log -> log.contains("agent survivor joined"), Duration.ofMinutes(1));
      // A task takes 3 s: the stopping agent is measuring it, or waiting for the device, when SIGTERM comes.
      jvms.awaitLog("stopping", log -> log.contains("leased task"), Duration.ofMinutes(2));
      String handedBack = lastLeasedTask(jvms.output("stopping"));
      stopping.destroy();

      assertTrue(stopping.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), jvms.output("stopping"));
      assertEquals(143, stopping.exitValue(), "ended by SIGTERM, after its shutdown hook");
      String log = jvms.output("stopping");
      assertTrue(log.contains("agent stopping left"), log);
      assertEquals(0, jvms.awaitExit("coordinator", Duration.ofMinutes(3)), jvms.allLogs());
      assertTrue(jvms.output("coordinator").contains("agent stopping left: shutting down"));

      Path db = dir.resolve("runs/stop-it/results.db");
      List<Map<String, Object>> attempts = JvmProcesses.query(db,
          "SELECT attempt, agent_id, outcome FROM attempts WHERE task_id = '" + handedBack + "' ORDER BY id");
      assertEquals(List.of("stopping", "survivor"), attempts.stream().map(a -> a.get("agent_id")).toList(),
          attempts.toString());
      assertEquals(List.of("RELEASED", "DONE"), attempts.stream().map(a -> a.get("outcome")).toList());
      assertEquals(List.of(1, 1), attempts.stream().map(a -> ((Number) a.get("attempt")).intValue()).toList(),
          "a task handed back does not count as a failed attempt");
      List<Map<String, Object>> results = JvmProcesses.query(db, "SELECT agent_id FROM results");
      assertEquals(3, results.size());
      assertTrue(results.stream().allMatch(r -> r.get("agent_id").equals("survivor")), results.toString());
    }
  }

  private static String lastLeasedTask(String log) {
    int at = log.lastIndexOf("leased task ");
    String rest = log.substring(at + "leased task ".length());
    return rest.substring(0, rest.indexOf(' '));
  }
}
