package dev.tierbench.coordinator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tierbench.common.trust.SecretFile;
import dev.tierbench.coordinator.trust.StateFolder;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Real tierbench JVMs started from the shaded jars, each logging to a file, all killed at {@link #close()}.
 * For integration tests: a coordinator and agents as separate processes on loopback.
 */
final class JvmProcesses implements AutoCloseable {

  static final Path COORDINATOR_JAR = Fixtures.ROOT.resolve("coordinator/target/tierbench.jar");
  static final Path AGENT_JAR = Fixtures.ROOT.resolve("agent/target/tierbench-agent-linux-x86_64.jar");
  /** The agent for Raspberry Pis and Jetsons: linux-aarch64 native libraries only. */
  static final Path ARM64_AGENT_JAR = Fixtures.ROOT.resolve("agent/target/tierbench-agent-linux-aarch64.jar");

  /** Planning a sweep may train its models first: the quickstart's take seconds, the trained families' a minute. */
  private static final Duration COORDINATOR_UP = Duration.ofMinutes(5);

  private static final Pattern UP = Pattern.compile(" up at (https://[^ ;]+)");

  private final Path dir;
  private final Map<String, Process> processes = new HashMap<>();
  private String coordinatorUrl;
  private int httpPort;

  JvmProcesses(Path dir) {
    this.dir = dir;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  Process start(String name, Path jar, List<String> args) throws IOException {
    return start(name, jar, args, Map.of());
  }

  /** A JVM from {@code jar} with {@code env} added to this process's environment. */
  Process start(String name, Path jar, List<String> args, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar.toString()));
    command.addAll(args);
    return process(name, command, env);
  }

  /** Any program, logging to {@code name}.log and killed at {@link #close()} like the JVMs. */
  Process process(String name, List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log(name).toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.put(name, process);
    return process;
  }

  /**
   * A coordinator on loopback running {@code sweep} into {@code dir}/runs, then exiting; returned once it says it is
   * up, so that agents started next find it. It plans the sweep (training any models) first, which may take longer
   * than an agent's connect timeout. Its HTTPS port is fixed at its first start here, so that one started again
   * comes back where its agents dial.
   */
  Process coordinator(Path sweep, String... extra) throws Exception {
    return startCoordinator(sweep, List.of(extra));
  }

  /** The same, founding a trusted Hazelcast cluster on {@code clusterPort} for {@link #clusteredAgent}s. */
  Process clusteredCoordinator(Path sweep, int clusterPort, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--cluster-port", Integer.toString(clusterPort), "--trusted-cluster",
        "true"));
    args.addAll(List.of(extra));
    return startCoordinator(sweep, args);
  }

  /**
   * A coordinator as a team's service: no sweep of its own, it runs what is submitted to its queue and never exits;
   * fixed port, runs folder and state folder, as the one before it had.
   */
  Process service(String... extra) throws Exception {
    return startCoordinator(null, List.of(extra));
  }

  private Process startCoordinator(Path sweep, List<String> extra) throws Exception {
    if (httpPort == 0) {
      httpPort = freePort();
    }
    List<String> args = new ArrayList<>(List.of("coordinator", "--runs-dir", dir.resolve("runs").toString(),
        "--cluster-host", "127.0.0.1", "--http-port", Integer.toString(httpPort), "--progress", "never",
        "--state-dir", dir.resolve("state").toString()));
    if (sweep != null) {
      args.addAll(List.of("--sweep", sweep.toString()));
    }
    args.addAll(extra);
    Process coordinator = start("coordinator", COORDINATOR_JAR, args);
    awaitLog("coordinator", log -> UP.matcher(log).find(), COORDINATOR_UP);
    Matcher up = UP.matcher(output("coordinator"));
    up.find();
    coordinatorUrl = up.group(1);
    copyJoinToken(dir.resolve("state"), joinToken());
    return coordinator;
  }

  /**
   * An agent on loopback dialling the coordinator, as agents join by default, with its own model cache and
   * {@code env} added to its environment (a PATH with stand-in device tools, say).
   */
  Process agent(String id, String tier, Map<String, String> env, String... extra) throws IOException {
    return startAgent(id, tier, List.of(), env, extra);
  }

  Process agent(String id, String tier, String... extra) throws IOException {
    return agent(id, tier, Map.of(), extra);
  }

  /** An agent joining the coordinator's trusted Hazelcast cluster on {@code clusterPort} as a lite member. */
  Process clusteredAgent(String id, String tier, int clusterPort, String... extra) throws IOException {
    return startAgent(id, tier, List.of("--cluster", "127.0.0.1:" + clusterPort, "--cluster-host", "127.0.0.1",
        "--cluster-port", Integer.toString(clusterPort + 1)), Map.of(), extra);
  }

  private Process startAgent(String id, String tier, List<String> cluster, Map<String, String> env, String... extra)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("--agent-id", id, "--tier", tier, "--cache-dir",
        dir.resolve("cache-" + id).toString(), "--metrics-port", "0"));
    args.addAll(cluster);
    // Its credential, which the join token gets it: a lite member needs one too, to download models over HTTPS.
    args.addAll(credentialArgs(id));
    // One device lock for all, as agents on one host share a device, unless the test gives an agent its own.
    if (!List.of(extra).contains("--device-lock")) {
      args.addAll(List.of("--device-lock", dir.resolve("device.lock").toString()));
    }
    args.addAll(List.of(extra));
    return start(id, AGENT_JAR, args, env);
  }

  /**
   * Makes the state folder of the coordinator to come, and fixes its HTTPS port: agents started before it then
   * know where it will be and hold its join token, and wait for it.
   */
  void expectCoordinator(int port) throws IOException {
    httpPort = port;
    coordinatorUrl = "https://127.0.0.1:" + port;
    StateFolder.open(dir.resolve("state"), List.of("127.0.0.1", "localhost"), null, null);
    copyJoinToken(dir.resolve("state"), joinToken());
  }

  /**
   * Runs a tierbench command line in a JVM of its own, as a person's machine would, to its end; its output is in
   * {@code name}.log.
   *
   * @return its exit status
   */
  int command(String name, Duration timeout, String... args) throws Exception {
    Process process = start(name, COORDINATOR_JAR, List.of(args));
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("tierbench " + String.join(" ", args) + " did not end within " + timeout + ":\n"
          + output(name));
    }
    return process.exitValue();
  }

  /** A person's token from the coordinator's state folder, made with {@code tierbench token user add}, in a file. */
  Path userToken(String name, String role) throws Exception {
    int status = command("token-" + name, Duration.ofMinutes(1), "token", "user", "add", name, "--role", role,
        "--state-dir", dir.resolve("state").toString());
    Matcher token = Pattern.compile("tb1\\.[A-Za-z0-9._-]+").matcher(output("token-" + name));
    if (status != 0 || !token.find()) {
      throw new AssertionError("no token for " + name + ":\n" + output("token-" + name));
    }
    Path file = dir.resolve(name + ".token");
    SecretFile.write(file, token.group());
    return file;
  }

  /** Where the coordinator last started here serves HTTPS and agent links. */
  String coordinatorUrl() {
    return coordinatorUrl;
  }

  /** The join token in {@code stateDir}, copied to {@code to} as an agent's host holds it: for its owner only. */
  static void copyJoinToken(Path stateDir, Path to) throws IOException {
    SecretFile.write(to, SecretFile.read(stateDir.resolve(StateFolder.JOIN_TOKEN)));
  }

  /** The join token of that coordinator, in a file only the owner reads. */
  Path joinToken() {
    return dir.resolve("join-token");
  }

  /** What an agent named {@code id} needs to get its credential from that coordinator. */
  List<String> credentialArgs(String id) {
    return List.of("--coordinator", coordinatorUrl, "--join-token-file", joinToken().toString(), "--state-dir",
        dir.resolve("state-" + id).toString());
  }

  Process running(String name) {
    return processes.get(name);
  }

  Path log(String name) {
    return dir.resolve(name + ".log");
  }

  String output(String name) throws IOException {
    return Files.exists(log(name)) ? Files.readString(log(name)) : "";
  }

  /**
   * Waits until {@code name}'s log satisfies {@code condition}; fails with the log if it does not in time, or as
   * soon as the process has ended without it.
   */
  void awaitLog(String name, Predicate<String> condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Process process = processes.get(name);
    while (true) {
      // Read before the log: a process that had ended then has its whole log there.
      boolean ended = process != null && !process.isAlive();
      if (condition.test(output(name))) {
        return;
      }
      if (ended) {
        throw new AssertionError(name + " exited with " + process.exitValue() + " before its log showed what was"
            + " awaited:\n" + output(name));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting on " + name + "'s log:\n" + output(name));
      }
      Thread.sleep(50);
    }
  }

  int awaitExit(String name, Duration timeout) throws Exception {
    Process process = processes.get(name);
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout + "; its log:\n" + output(name)
          + "\nother logs:\n" + allLogs());
    }
    return process.exitValue();
  }

  String allLogs() throws IOException {
    StringBuilder all = new StringBuilder();
    for (String name : processes.keySet()) {
      all.append("---- ").append(name).append('\n').append(output(name));
    }
    return all.toString();
  }

  @Override
  public void close() {
    processes.values().forEach(Process::destroyForcibly);
    for (Process process : processes.values()) {
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Rows of a query on a run's SQLite database, each a map of column name to value. */
  static List<Map<String, Object>> query(Path db, String sql) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= columns; i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
