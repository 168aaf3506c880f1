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
 * The coordinator is killed (SIGKILL) while an agent measures, and started again on the same run folder:
 * the agent joins the new cluster, delivers the result it held, and the run completes with nothing measured
 * twice and nothing lost.
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
    int clusterPort = JvmProcesses.freePort();
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      Process first = jvms.coordinator(sweep, clusterPort);
      jvms.agent("agent", "edge", clusterPort, "--rejoin-after", "3s");
      jvms.awaitLog("agent", log -> log.contains("measured task"), Duration.ofMinutes(2));
      jvms.awaitLog("agent", log -> log.split("leased task", -1).length > 2, Duration.ofMinutes(1));
      first.destroyForcibly();
      assertTrue(first.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
      // The agent finishes the task it holds while no coordinator listens.
      jvms.awaitLog("agent", log -> log.split("measured task", -1).length > 2, Duration.ofMinutes(1));

      jvms.coordinator(sweep, clusterPort);
      assertEquals(0, jvms.awaitExit("coordinator", Duration.ofMinutes(3)), jvms.allLogs());

      String agentLog = jvms.output("agent");
      assertTrue(agentLog.contains("joining the cluster again (holding 1 undelivered outcome(s))"), agentLog);
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
}
