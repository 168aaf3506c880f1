package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator and an agent given 127.0.0.1 serve there only: the coordinator's HTTP server (models, results, the API,
 * agents' links), the agent's metrics and, in a trusted cluster, Hazelcast and the event bus; read from the kernel's
 * socket tables, not from the logs.
 */
class ListenersIT {

  @TempDir
  Path dir;

  @Test
  void aCoordinatorAndAnAgentGivenLoopbackListenOnLoopbackOnly() throws Exception {
    Path sweep = idleSweep();
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      Process coordinator = jvms.coordinator(sweep);
      Process agent = jvms.agent("spare", "spare");
      awaitJoined(jvms);

      String http = ":" + port(jvms.output("coordinator"), "live page on https://");
      String metrics = ":" + port(jvms.output("spare"), "serves Prometheus metrics on http://");
      List<String> coordinatorSockets = listening(coordinator.pid());
      assertEquals(List.of("127.0.0.1" + http), coordinatorSockets.stream().filter(s -> s.endsWith(http)).toList(),
          "the HTTP server, on loopback only: " + coordinatorSockets);
      List<String> agentSockets = listening(agent.pid());
      assertEquals(List.of("127.0.0.1" + metrics), agentSockets.stream().filter(s -> s.endsWith(metrics)).toList(),
          "the agent's metrics, on loopback only: " + agentSockets);
      assertOnLoopbackOnly("coordinator", coordinatorSockets);
      assertOnLoopbackOnly("agent", agentSockets);
    }
  }

  /** Hazelcast's member port and the clustered event bus too, on both sides of a trusted cluster. */
  @Test
  void aTrustedClusterGivenLoopbackListensOnLoopbackOnly() throws Exception {
    Path sweep = idleSweep();
    int clusterPort = JvmProcesses.freePort();
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      Process coordinator = jvms.clusteredCoordinator(sweep, clusterPort);
      Process agent = jvms.clusteredAgent("spare", "spare", clusterPort);
      awaitJoined(jvms);

      List<String> coordinatorSockets = listening(coordinator.pid());
      assertTrue(coordinatorSockets.contains("127.0.0.1:" + clusterPort),
          "the coordinator's Hazelcast member port is listening: " + coordinatorSockets);
      assertOnLoopbackOnly("coordinator", coordinatorSockets);
      List<String> agentSockets = listening(agent.pid());
      // Its HTTP metrics, its Hazelcast member port and its event-bus server at least.
      assertTrue(agentSockets.size() >= 3, "the lite member's listeners: " + agentSockets);
      assertOnLoopbackOnly("agent", agentSockets);
    }
  }

  /** Tier edge never gets an agent: the coordinator waits with every listener open while the test looks. */
  private Path idleSweep() throws IOException {
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, "name: listen-it\nmodels: [%s]\ntiers: [edge]\n".formatted(Fixtures.KWS));
    return sweep;
  }

  private static void awaitJoined(JvmProcesses jvms) throws Exception {
    jvms.awaitLog("coordinator", log -> log.contains("agent spare joined"), Duration.ofMinutes(2));
    jvms.awaitLog("spare", log -> log.contains("serves Prometheus metrics"), Duration.ofMinutes(1));
  }

  private static void assertOnLoopbackOnly(String who, List<String> sockets) {
    assertEquals(List.of(), sockets.stream().filter(s -> !s.startsWith("127.0.0.1:")).toList(),
        "the " + who + " listens beyond the address it was given: " + sockets);
  }

  /** The port of the URL that follows {@code before} in {@code log}. */
  private static String port(String log, String before) {
    String rest = log.substring(log.indexOf(before) + before.length());
    return rest.substring(rest.indexOf(':') + 1, rest.indexOf('/'));
  }

  /** The addresses ("host:port") the process listens on over TCP, IPv4 and IPv6, as the kernel has them. */
  private static List<String> listening(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException e) {
          // A descriptor closed while listed.
        }
      }
    }
    List<String> addresses = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table)).stream().skip(1)
          .toList()) {
        String[] f = line.trim().split("\\s+");
        // f[1] local address, f[3] state (0A: LISTEN), f[9] inode.
        if (f[3].equals("0A") && inodes.contains(f[9])) {
          addresses.add(address(f[1]));
        }
      }
    }
    return addresses;
  }

  /** "0100007F:1F90" → "127.0.0.1:8080"; an IPv4-mapped IPv6 address reads as IPv4, any other IPv6 as hex. */
  private static String address(String hex) {
    String[] parts = hex.split(":");
    int port = Integer.parseInt(parts[1], 16);
    String ip = parts[0];
    if (ip.length() == 32) {
      if (!ip.startsWith("0000000000000000FFFF0000")) {
        return "[" + ip + "]:" + port;
      }
      ip = ip.substring(24);
    }
    // Each 32-bit word is in the host's (little-endian) byte order.
    StringBuilder dotted = new StringBuilder();
    for (int i = 3; i >= 0; i--) {
      dotted.append(Integer.parseInt(ip.substring(2 * i, 2 * i + 2), 16)).append(i > 0 ? "." : "");
    }
    return dotted + ":" + port;
  }
}
