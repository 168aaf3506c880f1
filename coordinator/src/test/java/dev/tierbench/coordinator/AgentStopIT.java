package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent frozen with SIGSTOP in the middle of its timed phase and woken with SIGCONT after its lease expired and
 * its task was leased to another agent. Whatever happens next, no stalled result counts unmarked, and every attempt
 * is recorded under its own number.
 */
class AgentStopIT {

  private static final Pattern METRICS = Pattern.compile("serves Prometheus metrics on (http://\\S+/metrics)");

  @TempDir
  Path dir;

  @Test
  void withASharedDeviceNoStalledResultCountsUnmarked() throws Exception {
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      // The other agent waits for the device the frozen one holds: it can measure only once that one is woken.
      String task = freezeInTimedPhase(jvms, 1);
      signal(jvms, "CONT");
      assertEquals(0, jvms.awaitExit("coordinator", Duration.ofMinutes(3)), jvms.allLogs());
      assertNoStallCountsUnmarked(jvms, task);
    }
  }

  @Test
  void withSeparateDevicesNoStalledResultCountsUnmarked() throws Exception {
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      String task = freezeInTimedPhase(jvms, 4, "--device-lock", dir.resolve("other.lock").toString());
      // The other agent measures the task again while the frozen one sleeps, and delivers first.
      jvms.awaitLog("other", log -> log.contains("measured task " + task), Duration.ofMinutes(2));
      signal(jvms, "CONT");
      assertEquals(0, jvms.awaitExit("coordinator", Duration.ofMinutes(3)), jvms.allLogs());
      assertNoStallCountsUnmarked(jvms, task);
      assertEquals("other", JvmProcesses.query(dir.resolve("runs/stop-it/results.db"),
          "SELECT agent_id FROM results WHERE task_id = '" + task + "'").get(0).get("agent_id"));
      Path db = dir.resolve("runs/stop-it/results.db");
      assertEquals(List.of("1 stopped EXPIRED", "2 other DONE", "1 stopped LATE"), attempts(db, task),
          "the run went on long enough for the woken agent to deliver: its attempt is recorded as late");
      Map<String, Object> late = JvmProcesses.query(db, "SELECT reason, (julianday(ended_at) - julianday(started_at))"
          + " * 86400 AS seconds FROM attempts WHERE task_id = '" + task + "' AND outcome = 'LATE'").get(0);
      assertEquals("its result arrived after attempt 2's had been stored; not stored", late.get("reason"));
      assertTrue(((Number) late.get("seconds")).doubleValue() > 6, "its real start and end: " + late);
      assertEquals(4, JvmProcesses.query(db, "SELECT task_id FROM results").size());
    }
  }

  /**
   * Once woken, the frozen agent's measurement either arrives first, and is stored marked with its stall and its
   * lapsed lease while the other attempt is superseded; or it arrives after the other's, and is recorded as a late
   * attempt and not stored; or the agent, told its lease is gone, abandons it. Whichever: one result, attempt 1 is
   * recorded as expired under its own number, the other agent's is attempt 2, and nothing stalled counts clean.
   */
  private void assertNoStallCountsUnmarked(JvmProcesses jvms, String task) throws Exception {
    Path db = dir.resolve("runs/stop-it/results.db");
    List<Map<String, Object>> results = JvmProcesses.query(db,
        "SELECT agent_id, attempt, disturbances FROM results WHERE task_id = '" + task + "'");
    assertEquals(1, results.size(), results.toString());
    Map<String, Object> result = results.get(0);
    String disturbances = (String) result.get("disturbances");
    List<String> attempts = attempts(db, task);
    String logs = jvms.allLogs();
    if (result.get("agent_id").equals("stopped")) {
      assertEquals(1, ((Number) result.get("attempt")).intValue());
      assertTrue(disturbances.contains("stalled: ")
          && disturbances.contains("delivered after its lease expired (attempt 1)"),
          "the agent saw its own stall, and the coordinator its lapsed lease: " + disturbances);
      assertEquals(List.of("1 stopped EXPIRED", "2 other SUPERSEDED", "1 stopped DONE"), attempts, logs);
    } else {
      assertEquals(2, ((Number) result.get("attempt")).intValue());
      assertFalse(disturbances.contains("delivered after"), disturbances);
      assertEquals(List.of("1 stopped EXPIRED", "2 other DONE"), attempts.subList(0, 2), logs);
      // A late delivery is one more row for attempt 1, with its real start and end; an abandoned one is none.
      assertTrue(attempts.size() == 2 || attempts.subList(2, attempts.size()).equals(List.of("1 stopped LATE")),
          attempts + "\n" + logs);
    }
  }

  /**
   * Starts a coordinator for {@code tasks} tasks and agent "stopped"; freezes it once the timed phase of its first task
   * has begun, waits for that lease to expire, then starts agent "other" (with {@code otherArgs}), which leases the task
   * again. The other agent starts only now so that the frozen one is sure to hold the first task.
   *
   * @return the frozen agent's task
   */
  private String freezeInTimedPhase(JvmProcesses jvms, int tasks, String... otherArgs) throws Exception {
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, """
        name: stop-it
        models: [%s]
        tiers: [edge]
        repetitions: %d
        measurement: {warmup: 5, min-duration: 6s, min-queries: 10, max-duration: 60s}
        """.formatted(Fixtures.KWS, tasks));
    // The tier's only live agent is frozen until the other joins: that must not give the tier up.
    jvms.coordinator(sweep, "--heartbeat-interval", "250ms", "--lease-timeout", "2s",
        "--agent-lost-after", "10m");
    jvms.agent("stopped", "edge");
    awaitTimedPhase(jvms, "stopped");
    signal(jvms, "STOP");
    String task = leasedTask(jvms.output("stopped"));
    jvms.awaitLog("coordinator", log -> log.contains("task " + task + " attempt 1 on agent stopped expired"),
        Duration.ofMinutes(1));
    jvms.agent("other", "edge", otherArgs);
    jvms.awaitLog("coordinator", log -> log.contains("task " + task + " attempt 2 leased to agent other"),
        Duration.ofMinutes(2));
    return task;
  }

  /** Waits until the agent's progress gauge shows timed queries: it is inside its timed phase. */
  private static void awaitTimedPhase(JvmProcesses jvms, String agent) throws Exception {
    jvms.awaitLog(agent, log -> METRICS.matcher(log).find(), Duration.ofMinutes(1));
    Matcher url = METRICS.matcher(jvms.output(agent));
    assertTrue(url.find());
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (progress(http.send(HttpRequest.newBuilder(URI.create(url.group(1))).build(),
        HttpResponse.BodyHandlers.ofString()).body()) <= 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("agent " + agent + " never began timing:\n" + jvms.allLogs());
      }
      Thread.sleep(50);
    }
  }

  private static double progress(String metrics) {
    return metrics.lines().filter(l -> l.startsWith("tierbench_agent_task_progress"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(0);
  }

  private static void signal(JvmProcesses jvms, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(jvms.running("stopped").pid())).start();
    assertEquals(0, kill.waitFor());
  }

  private static String leasedTask(String log) {
    String rest = log.substring(log.indexOf("leased task ") + "leased task ".length());
    return rest.substring(0, rest.indexOf(' '));
  }

  /** The task's attempts in the order they were recorded, as "attempt agent outcome". */
  private static List<String> attempts(Path db, String task) throws Exception {
    return JvmProcesses.query(db, "SELECT attempt, agent_id, outcome FROM attempts WHERE task_id = '" + task
        + "' ORDER BY id").stream().map(a -> a.get("attempt") + " " + a.get("agent_id") + " " + a.get("outcome"))
        .toList();
  }
}
