package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.coordinator.trust.StateFolder;

/**
 * The join token's life with real processes on this machine: an agent without it (and without a credential) stops
 * in one line; an agent joins with it and keeps working after the token is rotated, running on and then restarted
 * without it; the old token joins no one and the new one does; a revoked agent's link is closed and it stops saying
 * why, while the sweep finishes on the others.
 */
class JoinTokenIT {

  private static final Pattern UP = Pattern.compile(" up at (https://127\\.0\\.0\\.1:\\d+)");

  @TempDir
  Path dir;

  @Test
  void rotateAndRevokeWithoutRestartingTheCoordinator() throws Exception {
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, "name: tokens\nmodels: [" + Fixtures.KWS + "]\naxes: {batch: [1, 2, 4]}\n"
        + "tiers: [edge]\nrepetitions: 8\nmeasurement: {warmup: 5, min-duration: 1s, min-queries: 20,"
        + " max-duration: 5s}\n");
    Path state = dir.resolve("state");
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      jvms.start("coordinator", JvmProcesses.COORDINATOR_JAR, List.of("coordinator", "--sweep", sweep.toString(),
          "--state-dir", state.toString(), "--runs-dir", dir.resolve("runs").toString(), "--http-port", "0",
          "--progress", "never"));
      jvms.awaitLog("coordinator", log -> UP.matcher(log).find(), Duration.ofMinutes(2));
      Matcher up = UP.matcher(jvms.output("coordinator"));
      assertTrue(up.find());
      String url = up.group(1);
      Path oldToken = dir.resolve("old-token");
      JvmProcesses.copyJoinToken(state, oldToken);

      agent(jvms, "edge-1", url, oldToken);
      // Alongside: an agent with neither a token nor a credential stops at once, saying what to pass.
      agent(jvms, "no-token", url, null);
      jvms.awaitLog("edge-1", log -> log.contains("registered with coordinator"), Duration.ofMinutes(1));
      assertEquals(1, jvms.awaitExit("no-token", Duration.ofMinutes(1)), jvms.output("no-token"));
      List<String> said = jvms.output("no-token").lines().toList();
      assertTrue(said.get(said.size() - 1).startsWith("tierbench: agent no-token holds no credential for " + url)
          && said.get(said.size() - 1).contains("pass --join-token-file FILE"), jvms.output("no-token"));
      assertTrue(said.stream().noneMatch(l -> l.startsWith("\tat ")), "no stack trace: " + jvms.output("no-token"));

      jvms.start("rotate", JvmProcesses.COORDINATOR_JAR, List.of("token", "rotate", "--state-dir", state.toString()));
      assertEquals(0, jvms.awaitExit("rotate", Duration.ofMinutes(1)), jvms.output("rotate"));
      Path newToken = dir.resolve("new-token");
      JvmProcesses.copyJoinToken(state, newToken);
      // edge-1, joined before the rotation and still running, is handed work after it.
      int rotated = jvms.output("edge-1").length();
      jvms.awaitLog("edge-1", log -> log.substring(rotated).contains("agent edge-1 leased task"),
          Duration.ofMinutes(1));

      agent(jvms, "stale", url, oldToken);
      assertEquals(1, jvms.awaitExit("stale", Duration.ofMinutes(1)), jvms.output("stale"));
      assertTrue(jvms.output("stale").contains("refused the join token (HTTP 401)"), jvms.output("stale"));

      // edge-1 restarted after the rotation, with no token at all: its own credential is enough.
      jvms.running("edge-1").destroy();
      jvms.awaitExit("edge-1", Duration.ofMinutes(1));
      agent(jvms, "edge-1-again", url, null, "--agent-id", "edge-1", "--state-dir", dir.resolve("state-edge-1")
          .toString());
      jvms.awaitLog("edge-1-again", log -> log.contains("registered with coordinator"), Duration.ofMinutes(1));
      agent(jvms, "edge-2", url, newToken);
      jvms.awaitLog("edge-2", log -> log.contains("registered with coordinator"), Duration.ofMinutes(1));

      jvms.start("revoke", JvmProcesses.COORDINATOR_JAR, List.of("token", "revoke", "edge-1", "--state-dir",
          state.toString()));
      assertEquals(0, jvms.awaitExit("revoke", Duration.ofMinutes(1)), jvms.output("revoke"));
      assertEquals(1, jvms.awaitExit("edge-1-again", Duration.ofMinutes(2)), jvms.output("edge-1-again"));
      assertTrue(jvms.output("edge-1-again").contains("refused this agent's credential"),
          jvms.output("edge-1-again"));
      assertTrue(jvms.output("coordinator").contains("the credential of agent edge-1 was revoked"),
          jvms.output("coordinator"));

      assertEquals(0, jvms.awaitExit("coordinator", Duration.ofMinutes(5)), jvms.allLogs());
      List<Map<String, Object>> done = JvmProcesses.query(dir.resolve("runs/tokens/results.db"),
          "SELECT agent_id, COUNT(*) AS n FROM attempts WHERE outcome = 'DONE' GROUP BY agent_id ORDER BY agent_id");
      assertTrue(done.stream().anyMatch(r -> r.get("agent_id").equals("edge-2")), done.toString());
      assertEquals(List.of("edge-2"), StateFolder.agentCredentials(state).issued().keySet().stream().toList());
    }
  }

  /** A dial-out agent on this machine; {@code token} null: none given. */
  private void agent(JvmProcesses jvms, String name, String url, Path token, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--tier", "edge", "--coordinator", url, "--cache-dir",
        dir.resolve("cache").toString(), "--device-lock", dir.resolve("device.lock").toString(), "--metrics-port",
        "off"));
    if (token != null) {
      args.addAll(List.of("--join-token-file", token.toString()));
    }
    if (extra.length == 0) {
      args.addAll(List.of("--agent-id", name, "--state-dir", dir.resolve("state-" + name).toString()));
    }
    args.addAll(List.of(extra));
    jvms.start(name, JvmProcesses.AGENT_JAR, args);
  }
}
