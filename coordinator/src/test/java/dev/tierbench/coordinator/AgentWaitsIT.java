package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent deployed before its coordinator (connect-timeout 0, as the service config sets it) keeps trying with
 * growing pauses, naming the address it tries, and joins when the coordinator comes up; a second coordinator on
 * the same cluster port is refused with a line saying so; an agent of a tier no sweep uses idles without a warning.
 * Quiet is checked up to a line each agent writes after it, never over a window of time.
 */
class AgentWaitsIT {

  @TempDir
  Path dir;

  @Test
  void anAgentWaitsForItsCoordinatorAndASecondCoordinatorOnThePortIsRefused() throws Exception {
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, """
        name: waits
        models: [%s]
        tiers: [edge]
        measurement: {warmup: 2, min-duration: 0s, min-queries: 10, max-duration: 10s}
        """.formatted(Fixtures.KWS));
    int clusterPort = JvmProcesses.freePort();
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      jvms.expectCoordinator(JvmProcesses.freePort());
      jvms.clusteredAgent("early", "edge", clusterPort, "--connect-timeout", "0s");
      // It waits for the coordinator's HTTPS port to get its credential, then for its cluster.
      jvms.awaitLog("early", log -> log.contains("cannot reach the coordinator at " + jvms.coordinatorUrl()
          + " to join: ") && log.contains("; trying again with growing pauses"), Duration.ofSeconds(60));
      Process coordinator = jvms.clusteredCoordinator(sweep, clusterPort, "--exit-when-done", "false");
      jvms.clusteredAgent("spare", "spare", clusterPort);
      jvms.awaitLog("coordinator", log -> log.contains("run waits finished"), Duration.ofMinutes(2));
      // Each agent asks for work after the sweep and is told there is none: from then on it only idles.
      for (String agent : List.of("early", "spare")) {
        jvms.awaitLog(agent, log -> log.contains("agent " + agent + ": the coordinator has no run in progress;"
            + " waiting for one"), Duration.ofSeconds(60));
      }
      assertQuiet(jvms, "spare", "an agent of a tier no sweep uses idles quietly");

      jvms.start("second", JvmProcesses.COORDINATOR_JAR, List.of("coordinator", "--cluster-host",
          "127.0.0.1", "--cluster-port", Integer.toString(clusterPort), "--http-port", "0", "--trusted-cluster", "true",
          "--state-dir", dir.resolve("state-second").toString()));
      assertEquals(1, jvms.awaitExit("second", Duration.ofMinutes(1)), jvms.output("second"));
      assertEquals("tierbench: cluster port " + clusterPort + " is in use on this host (another tierbench coordinator,"
          + " or another program, listens there): stop it, or give this one its own --cluster-port",
          jvms.output("second").strip(), "one line, no stack trace");

      // The sweep is over; its coordinator goes away: the agent that measured it says so once, and no alarm.
      coordinator.destroy();
      assertTrue(coordinator.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
      for (String agent : List.of("early", "spare")) {
        jvms.awaitLog(agent, log -> log.contains("agent " + agent + ": the coordinator, its sweep over, is gone;"
            + " waiting for the next one"), Duration.ofSeconds(60));
        jvms.awaitLog(agent, log -> log.contains("joining the cluster again"), Duration.ofSeconds(60));
        assertQuiet(jvms, agent, "an agent whose sweep ended waits quietly");
      }
    }
  }

  private static void assertQuiet(JvmProcesses jvms, String agent, String why) throws Exception {
    assertTrue(jvms.output(agent).lines().noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR ")),
        why + ": " + jvms.output(agent));
  }
}
