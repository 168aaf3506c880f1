package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.trust.JoinToken;
import dev.tierbench.common.trust.SecretFile;
import dev.tierbench.coordinator.trust.StateFolder;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * Agents behind NAT, with no inbound path at all, link out to a coordinator over TLS with a join token and run a
 * cross-tier sweep; a wrong token, an agent that does not trust the coordinator's authority and a relay presenting
 * another certificate are each refused in one clear line; cutting a NAT'd agent's uplink while it measures ends
 * its lease within three heartbeats and another agent measures the task; anonymous HTTP gets 401.
 */
class NatIT {

  private static final Path NETNS = Netns.SCRIPT;
  private static final String COORDINATOR = "10.77.0.1";
  private static final String SWITCH = "10.77.0.254";
  private static final String URL = "https://" + COORDINATOR + ":8765";
  private static final Duration HEARTBEAT = Duration.ofMillis(500);

  @TempDir
  Path dir;

  @Test
  void agentsBehindNatLinkOutOverTlsAndTheWrongOnesAreRefused() throws Exception {
    Netns.assumeNamespaces();
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, """
        name: nat
        models:
          - path: %s
            name: kws
        axes:
          batch: [1, 2]
        tiers: [cloud, pi]
        repetitions: 2
        measurement: {warmup: 20, min-duration: 2s, min-queries: 200, max-duration: 20s}
        """.formatted(Fixtures.KWS));
    Path state = dir.resolve("state");
    Vertx vertx = Vertx.vertx();
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      try {
        Commands.succeed(List.of(NETNS.toString(), "up", "cloud", "pi1@nat", "pi2@nat", "pi3@nat"));
        jvms.process("coordinator", Netns.inNamespace("coordinator", JvmProcesses.COORDINATOR_JAR, "coordinator",
            "--sweep", sweep.toString(), "--runs-dir", dir.resolve("runs").toString(), "--state-dir", state.toString(),
            "--cache-dir", dir.resolve("cache-coordinator").toString(), "--http-port", "8765", "--progress", "never",
            "--heartbeat-interval", HEARTBEAT.toMillis() + "ms", "--lease-timeout", HEARTBEAT.multipliedBy(3).toMillis()
                + "ms", "--agent-lost-after", "60s", "--cluster-host", COORDINATOR), Map.of());
        jvms.awaitLog("coordinator", log -> log.contains(" up at "), Duration.ofSeconds(90));
        assertTrue(jvms.output("coordinator").contains("tierbench agent --coordinator " + URL
            + " --join-token-file FILE"), "the coordinator prints the agent's join command");
        JoinToken token = JoinToken.parse(SecretFile.read(state.resolve(StateFolder.JOIN_TOKEN)));
        Path tokenFile = dir.resolve("join-token");
        SecretFile.write(tokenFile, token.toString());

        anonymousRequestsAreRefused(new OperatorHttp(state));
        refusals(jvms, token, vertx);

        for (String host : List.of("cloud", "pi1", "pi2")) {
          jvms.process(host, Netns.inNamespace(host, JvmProcesses.AGENT_JAR, "--agent-id", host, "--tier",
              host.equals("cloud") ? "cloud" : "pi", "--coordinator", URL, "--join-token-file", tokenFile.toString(),
              "--state-dir", dir.resolve("state-" + host).toString(), "--cache-dir", dir.resolve("cache-" + host)
                  .toString(), "--device-lock", dir.resolve("device.lock").toString(), "--metrics-port", "off"),
              Map.of());
        }
        // Cut pi1's uplink while it measures: its lease expires and pi2 measures the task instead.
        String cutTask = new OperatorHttp(state).awaitBusy(URL, "pi1", jvms);
        Instant cutAt = Instant.now();
        Commands.succeed(List.of(NETNS.toString(), "cut", "pi1"));
        assertEquals(0, jvms.awaitExit("coordinator", Duration.ofMinutes(6)), "every task done: " + jvms.allLogs());

        Path db = dir.resolve("runs/nat/results.db");
        List<Map<String, Object>> tiers = JvmProcesses.query(db, "SELECT tier, COUNT(*) AS n FROM results"
            + " GROUP BY tier ORDER BY tier");
        assertEquals(List.of("cloud", "pi"), tiers.stream().map(t -> t.get("tier")).toList(), tiers.toString());
        List<Map<String, Object>> attempts = JvmProcesses.query(db, "SELECT agent_id, outcome, ended_at FROM attempts"
            + " WHERE task_id = '" + cutTask + "' ORDER BY attempt");
        assertEquals("pi1", attempts.get(0).get("agent_id"), attempts.toString());
        assertEquals("EXPIRED", attempts.get(0).get("outcome"), attempts.toString());
        assertEquals("pi2", attempts.get(attempts.size() - 1).get("agent_id"), attempts.toString());
        assertEquals("DONE", attempts.get(attempts.size() - 1).get("outcome"), attempts.toString());
        Duration detected = Duration.between(cutAt, Instant.parse((String) attempts.get(0).get("ended_at")));
        System.out.printf("nat: the cut agent's lease ended %d ms after the cut (lease-timeout %d ms = 3 heartbeats)%n",
            detected.toMillis(), HEARTBEAT.multipliedBy(3).toMillis());
        // Three heartbeats, plus the coordinator's check interval and room for a loaded machine.
        assertTrue(detected.compareTo(HEARTBEAT.multipliedBy(3).plusSeconds(2)) < 0, detected.toString());
        assertEquals(List.of("cloud", "pi1", "pi2"), StateFolder.agentCredentials(state).issued().keySet().stream()
            .sorted().toList(), "each agent traded the token for a credential of its own");
      } finally {
        jvms.close();
        vertx.close();
        Commands.succeed(List.of(NETNS.toString(), "down"));
      }
    }
  }

  private static void anonymousRequestsAreRefused(OperatorHttp http) throws Exception {
    for (String path : List.of("/models/" + "0".repeat(64), "/api/runs", "/api/status", "/metrics", "/")) {
      assertEquals(401, http.anonymous(URL + path).statusCode(), path);
    }
    assertEquals(200, http.get(URL + "/api/status").statusCode());
  }

  /** A wrong token, an authority the agent does not trust, and a relay presenting another certificate. */
  private void refusals(JvmProcesses jvms, JoinToken token, Vertx vertx) throws Exception {
    StateFolder stranger = StateFolder.open(dir.resolve("stranger"), List.of(SWITCH), null, null);
    NetServer relay = tlsRelay(vertx, stranger);
    String relayUrl = "https://" + SWITCH + ":" + relay.actualPort();
    record Case(String name, String token, String url, String says) {}
    List<Case> cases = List.of(
        new Case("wrong-token", JoinToken.create(token.caKeySha256()).toString(), URL,
            "refused the join token (HTTP 401)"),
        new Case("other-ca", JoinToken.create(stranger.caKeySha256()).toString(), URL,
            "is not the coordinator the join token names"),
        new Case("relayed", token.toString(), relayUrl, "is not the coordinator the join token names"));
    for (Case c : cases) {
      Path file = dir.resolve(c.name() + ".token");
      SecretFile.write(file, c.token());
      jvms.process(c.name(), Netns.inNamespace("pi3", JvmProcesses.AGENT_JAR, "--agent-id", c.name(), "--tier", "pi",
          "--coordinator", c.url(), "--join-token-file", file.toString(), "--state-dir",
          dir.resolve("state-" + c.name()).toString(), "--metrics-port", "off"), Map.of());
      assertEquals(1, jvms.awaitExit(c.name(), Duration.ofMinutes(1)), jvms.output(c.name()));
      String said = jvms.output(c.name());
      assertTrue(said.contains(c.says()), c.name() + ": " + said);
      assertTrue(said.strip().lines().filter(l -> l.startsWith("tierbench:")).count() == 1, said);
    }
    assertTrue(jvms.output("coordinator").contains("from 10.77.0.14"), "the refusal names the peer (pi3's router): "
        + jvms.output("coordinator"));
    relay.close();
  }

  /** A relay that terminates TLS with a certificate of another authority and forwards to the coordinator. */
  private static NetServer tlsRelay(Vertx vertx, StateFolder other) throws Exception {
    NetServerOptions options = new NetServerOptions().setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
        .setCertPath(other.serverChain().toString()).setKeyPath(other.serverKey().toString()));
    var client = vertx.createNetClient(new NetClientOptions().setSsl(true).setTrustAll(true));
    return vertx.createNetServer(options).connectHandler(in -> {
      in.pause();
      client.connect(8765, COORDINATOR).onSuccess(out -> {
        pipe(in, out);
        pipe(out, in);
        in.resume();
      }).onFailure(e -> in.close());
    }).listen(0, SWITCH).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void pipe(NetSocket from, NetSocket to) {
    from.handler(to::write);
    from.closeHandler(v -> to.close());
  }
}
