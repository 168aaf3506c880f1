package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator is killed (SIGKILL) while agents hold leases, and started again on the same run folder and port:
 * the agents link again, claim what they hold, and the run completes with nothing measured twice, nothing lost, and
 * every attempt recorded once under its own number.
 */
class CoordinatorRestartIT {

  @TempDir
  Path dir;

  @Test
  void anAgentKeepsItsResultAcrossACoordinatorRestartAndNothingIsMeasuredTwice() throws Exception {
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, """
        name: restart-it
        models: [%s]
        axes:
          batch: [1, 2, 3, 4]
        tiers: [edge]
        measurement: {warmup: 5, min-duration: 1500ms, min-queries: 10, max-duration: 60s}
        """.formatted(Fixtures.KWS));
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      Process first = jvms.coordinator(sweep);
      // It gives its link up a second after losing it, well before the coordinator is back: its result is held.
      jvms.agent("agent", "edge", "--rejoin-after", "1s");
      jvms.awaitLog("agent", log -> log.contains("measured task"), Duration.ofMinutes(2));
      jvms.awaitLog("agent", log -> log.split("leased task", -1).length > 2, Duration.ofMinutes(1));
      first.destroyForcibly();
      assertTrue(first.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
      // The agent finishes the task it holds while no coordinator listens.
      jvms.awaitLog("agent", log -> log.split("measured task", -1).length > 2, Duration.ofMinutes(1));

      jvms.coordinator(sweep);
      assertEquals(0, jvms.awaitExit("coordinator", Duration.ofMinutes(3)), jvms.allLogs());

      String agentLog = jvms.output("agent");
      assertTrue(agentLog.contains("linking again (holding 1 undelivered outcome(s))"), agentLog);
      assertTrue(agentLog.contains("delivers 1 outcome(s) held while the coordinator was unreachable"), agentLog);
      assertEquals(4, agentLog.split("measured task", -1).length - 1, "each task measured once: " + agentLog);
      assertTrue(jvms.output("coordinator").contains("(1 already measured)"), jvms.output("coordinator"));

      Path db = dir.resolve("runs/restart-it/results.db");
      List<Map<String, Object>> results = JvmProcesses.query(db, "SELECT task_id, agent_id FROM results");
      assertEquals(4, results.size(), results.toString());
      assertEquals(List.of("DONE"), JvmProcesses.query(db, "SELECT DISTINCT state FROM tasks").stream()
          .map(r -> r.get("state")).toList());
    }
  }

  @Test
  void twoAgentsHoldingLeasesWhenTheCoordinatorDiesKeepThemAndNoTaskIsMeasuredTwice() throws Exception {
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, """
        name: restart-two
        models: [%s]
        axes:
          batch: [1, 2, 3]
        tiers: [edge]
        repetitions: 2
        measurement: {warmup: 5, min-duration: 3s, min-queries: 10, max-duration: 60s}
        """.formatted(Fixtures.KWS));
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      Process first = jvms.coordinator(sweep);
      // Both share one device lock: while one measures, the other holds its lease waiting for the device.
      jvms.agent("a", "edge", "--rejoin-after", "3s");
      jvms.agent("b", "edge", "--rejoin-after", "3s");
      jvms.awaitLog("coordinator", log -> log.contains("agent b joined") && log.contains("agent a joined"),
          Duration.ofMinutes(1));
      // Kill it once both hold a lease, one measuring, the other waiting for the device, and both have the model
      // (a download cut by the kill would fail its task, which is another story).
      jvms.awaitLog("a", log -> holding(log) && holding(output(jvms, "b")) && log.contains("measured task")
          && output(jvms, "b").contains("measured task"), Duration.ofMinutes(2));
      first.destroyForcibly();
      assertTrue(first.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));

      jvms.coordinator(sweep);
      assertEquals(0, jvms.awaitExit("coordinator", Duration.ofMinutes(3)), jvms.allLogs());

      String log = jvms.output("coordinator");
      // Each lease is kept for its agent: left open by the first coordinator, or (not yet stored when it was killed)
      // claimed when its agent registers; a result delivered before registering uses a kept lease at once (a dial-out agent's first request after the link is back may be its held result): the
      // attempts below, one per task, none expired, say that either way nothing was measured again.
      for (String agent : List.of("a", "b")) {
        assertTrue(log.contains("kept for agent " + agent + " "), "agent " + agent + "'s lease was kept: " + log);
      }
      assertEquals(6, count(jvms.output("a"), "measured task") + count(jvms.output("b"), "measured task"),
          "each task measured once:\n" + jvms.allLogs());
      Path db = dir.resolve("runs/restart-two/results.db");
      assertEquals(6, JvmProcesses.query(db, "SELECT task_id FROM results").size());
      List<Map<String, Object>> attempts = JvmProcesses.query(db,
          "SELECT task_id, attempt, outcome, started_at <= ended_at AS ordered FROM attempts");
      assertEquals(6, attempts.size(), "one attempt per task, none expired or measured again: " + attempts + "\n"
          + jvms.allLogs());
      assertTrue(attempts.stream().allMatch(a -> a.get("outcome").equals("DONE")
          && ((Number) a.get("attempt")).intValue() == 1 && ((Number) a.get("ordered")).intValue() == 1),
          attempts.toString());
      assertEquals(List.of(), JvmProcesses.query(db, "SELECT lease_id FROM open_leases"));
      assertEquals(List.of(), JvmProcesses.query(db,
          "SELECT task_id FROM results WHERE disturbances LIKE '%delivered after its lease expired%'"),
          "no result came late");
    }
  }

  /** Whether an agent's log shows it holding a task it has not finished measuring. */
  private static boolean holding(String agentLog) {
    return count(agentLog, "leased task") > count(agentLog, "measured task");
  }

  private static String output(JvmProcesses jvms, String name) {
    try {
      return jvms.output(name);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int count(String text, String what) {
    return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
  }
}
