package dev.tierbench.coordinator;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet across hosts, on one machine: a coordinator and four agents, each JVM in a network namespace of its own
 * (deploy/netns/tierbench-netns), joined over a bridge. Each agent host's link has a profile: bandwidth shaped
 * by tbf on its veth, delay, jitter and loss added by a {@link LinkRelay} that the hosts advertise as their
 * cluster and event-bus addresses. A cross-tier sweep runs; every task completes on its tier; the links show in
 * the heartbeat round trips the agents measured but not in the inference latency; and one iot agent's link is
 * cut mid-task, so its lease expires and the task is measured by the other iot agent. Needs root (CI has it).
 */
class MultiHostIT {

  private static final Path NETNS = Netns.SCRIPT;
  private static final String PREFIX = "10.77.0";
  private static final String RELAY = PREFIX + ".254";
  private static final String COORDINATOR = PREFIX + ".1";
  private static final int HAZELCAST = 5701;
  private static final int BUS = 6000;

  /** An agent's host: its namespace's address, its tier, its link. */
  private record Host(String name, String tier, String address, String rate, LinkRelay.Profile link) {}

  private static final List<Host> HOSTS = List.of(
      new Host("cloud", "cloud", PREFIX + ".11", "1gbit", profile("cloud", 1, 0, 0)),
      new Host("edge", "edge", PREFIX + ".12", "50mbit", profile("edge", 20, 5, 0)),
      new Host("iot-1", "iot", PREFIX + ".13", "2mbit", profile("iot", 80, 20, 0.01)),
      new Host("iot-2", "iot", PREFIX + ".14", "2mbit", profile("iot", 80, 20, 0.01)));

  @TempDir
  Path dir;

  private static LinkRelay.Profile profile(String name, int delayMs, int jitterMs, double loss) {
    return new LinkRelay.Profile(name, Duration.ofMillis(delayMs), Duration.ofMillis(jitterMs), loss);
  }

  @Test
  void aCrossTierSweepOverShapedLinksSurvivesACutLink() throws Exception {
    Netns.assumeNamespaces();
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, """
        name: multi-host
        models:
          - path: %s
            name: kws
        axes:
          batch: [1, 2]
        tiers: [cloud, edge, iot]
        repetitions: 2
        measurement: {warmup: 20, min-duration: 2s, min-queries: 200, max-duration: 20s}
        """.formatted(Fixtures.KWS));
    List<String> up = new ArrayList<>(List.of(NETNS.toString(), "up"));
    HOSTS.forEach(h -> up.add(h.name() + ":" + h.rate()));
    try (JvmProcesses jvms = new JvmProcesses(dir); LinkRelay relay = new LinkRelay(7)) {
      try {
        Commands.succeed(up);
        relayLinks(relay);
        jvms.process("coordinator", Netns.inNamespace("coordinator", JvmProcesses.COORDINATOR_JAR, "coordinator",
            "--sweep", sweep.toString(), "--runs-dir", dir.resolve("runs").toString(),
            "--cache-dir", dir.resolve("cache-coordinator").toString(), "--http-port", "8765", "--progress", "never",
            "--heartbeat-interval", "500ms", "--lease-timeout", "3s", "--agent-lost-after", "30s",
            "--cluster-host", COORDINATOR, "--cluster-port", Integer.toString(HAZELCAST),
            "--cluster-public-address", RELAY + ":" + HAZELCAST, "--eventbus-port", Integer.toString(BUS),
            "--eventbus-public-address", RELAY + ":" + BUS, "--trusted-cluster", "true", "--state-dir",
            dir.resolve("state").toString()), Map.of());
        jvms.awaitLog("coordinator", log -> log.contains(" up at "), Duration.ofSeconds(90));
        // Lite members download models over the coordinator's HTTPS port, with credentials the join token gets them.
        Path token = dir.resolve("join-token");
        JvmProcesses.copyJoinToken(dir.resolve("state"), token);
        for (int i = 0; i < HOSTS.size(); i++) {
          Host h = HOSTS.get(i);
          jvms.process(h.name(), Netns.inNamespace(h.name(), JvmProcesses.AGENT_JAR, "--agent-id", h.name(),
              "--tier", h.tier(), "--cluster", RELAY + ":" + HAZELCAST, "--cluster-host", h.address(),
              "--cluster-port", Integer.toString(HAZELCAST), "--cluster-public-address", RELAY + ":" + (15700 + i),
              "--eventbus-port", Integer.toString(BUS), "--eventbus-public-address", RELAY + ":" + (16000 + i),
              "--cache-dir", dir.resolve("cache-" + h.name()).toString(), "--device-lock",
              dir.resolve("device.lock").toString(), "--metrics-port", "off", "--coordinator", "https://" + COORDINATOR
                  + ":8765", "--join-token-file", token.toString(), "--state-dir", dir.resolve("state-" + h.name())
                  .toString()), Map.of());
        }

        // Cut iot-1's link while it measures: its lease expires and iot-2 measures the task instead.
        String cutTask = new OperatorHttp(dir.resolve("state")).awaitBusy("https://" + COORDINATOR + ":8765", "iot-1", jvms);
        long cutAt = System.nanoTime();
        Commands.succeed(List.of(NETNS.toString(), "cut", "iot-1"));
        int exit = jvms.awaitExit("coordinator", Duration.ofMinutes(8));
        System.out.printf("multi-host sweep: %.0f s after the cut%n", (System.nanoTime() - cutAt) / 1e9);
        assertEquals(0, exit, "every task done: " + jvms.allLogs());

        Path db = dir.resolve("runs/multi-host/results.db");
        checkTiersAndHosts(db);
        checkLinksShowInRoundTripsNotInLatency(db);
        List<Map<String, Object>> attempts = JvmProcesses.query(db,
            "SELECT agent_id, outcome, reason FROM attempts WHERE task_id = '" + cutTask + "' ORDER BY attempt");
        assertEquals("iot-1", attempts.get(0).get("agent_id"), attempts.toString());
        assertEquals("EXPIRED", attempts.get(0).get("outcome"), attempts.toString());
        assertEquals("iot-2", attempts.get(attempts.size() - 1).get("agent_id"), attempts.toString());
        assertEquals("DONE", attempts.get(attempts.size() - 1).get("outcome"), attempts.toString());
      } finally {
        jvms.close();
        Commands.succeed(List.of(NETNS.toString(), "down"));
      }
    }
  }

  /** The coordinator's ports take every agent's connections, each delayed by the link it comes from. */
  private static void relayLinks(LinkRelay relay) throws IOException {
    Map<InetAddress, LinkRelay.Profile> bySource = new LinkedHashMap<>();
    for (Host h : HOSTS) {
      bySource.put(InetAddress.getByName(h.address()), h.link());
    }
    LinkRelay.Profile none = profile("none", 0, 0, 0);
    for (int port : new int[] {HAZELCAST, BUS}) {
      relay.listen(new InetSocketAddress(RELAY, port), new InetSocketAddress(COORDINATOR, port),
          source -> bySource.getOrDefault(source, none));
    }
    for (int i = 0; i < HOSTS.size(); i++) {
      Host h = HOSTS.get(i);
      relay.listen(new InetSocketAddress(RELAY, 15700 + i), new InetSocketAddress(h.address(), HAZELCAST),
          source -> h.link());
      relay.listen(new InetSocketAddress(RELAY, 16000 + i), new InetSocketAddress(h.address(), BUS),
          source -> h.link());
    }
  }

  private static void checkTiersAndHosts(Path db) throws Exception {
    List<Map<String, Object>> tasks = JvmProcesses.query(db, "SELECT state FROM tasks");
    assertEquals(12, tasks.size(), "1 model x 2 batches x 3 tiers x 2 repetitions");
    assertTrue(tasks.stream().allMatch(t -> "DONE".equals(t.get("state"))), tasks.toString());
    List<Map<String, Object>> results = JvmProcesses.query(db, """
        SELECT r.task_id, r.tier AS result_tier, k.tier AS planned_tier, r.agent_id, r.hostname, r.p50_ns
        FROM results r JOIN tasks k USING (task_id)""");
    for (Map<String, Object> r : results) {
      assertEquals(r.get("planned_tier"), r.get("result_tier"), r.toString());
      String agent = (String) r.get("agent_id");
      Host host = HOSTS.stream().filter(h -> h.name().equals(agent)).findFirst().orElseThrow();
      assertEquals(host.tier(), r.get("result_tier"), r.toString());
      assertEquals("tb-" + host.name(), r.get("hostname"), "each result names the host that measured it");
    }
  }

  private static void checkLinksShowInRoundTripsNotInLatency(Path db) throws Exception {
    Map<String, Double> rtt = new LinkedHashMap<>();
    for (Map<String, Object> row : JvmProcesses.query(db, "SELECT agent_id, samples, p50_ms, p99_ms FROM round_trips")) {
      rtt.put((String) row.get("agent_id"), ((Number) row.get("p50_ms")).doubleValue());
      System.out.printf("heartbeat round trip %s: p50 %.1f ms, p99 %.1f ms (%s samples)%n", row.get("agent_id"),
          row.get("p50_ms"), row.get("p99_ms"), row.get("samples"));
    }
    Map<String, Double> latency = new LinkedHashMap<>();
    for (Map<String, Object> row : JvmProcesses.query(db, """
        SELECT r.agent_id, t.batch, r.p50_ns FROM results r JOIN trials t USING (trial_id) WHERE t.batch = 1""")) {
      latency.merge((String) row.get("agent_id"), ((Number) row.get("p50_ns")).doubleValue() / 1e6, Math::min);
    }
    latency.forEach((agent, ms) -> System.out.printf("inference p50 (batch 1) on %s: %.3f ms%n", agent, ms));
    // One-way delay each way: a round trip is about twice the profile's delay, plus the machine's own time.
    assertTrue(rtt.get("cloud") < 20, "cloud 1 ms: " + rtt);
    assertTrue(rtt.get("edge") > 30 && rtt.get("edge") < 120, "edge 20 ms each way: " + rtt);
    assertTrue(rtt.get("iot-2") > 120 && rtt.get("iot-2") < 400, "iot 80 ms each way: " + rtt);
    assertTrue(rtt.get("iot-2") > 3 * rtt.get("edge") / 2 && rtt.get("edge") > 3 * rtt.get("cloud"), rtt.toString());
    double fastest = latency.values().stream().min(Double::compare).orElseThrow();
    double slowest = latency.values().stream().max(Double::compare).orElseThrow();
    assertTrue(slowest < 1.5 * fastest, "the same device answers as fast over any link: " + latency);
  }
}
