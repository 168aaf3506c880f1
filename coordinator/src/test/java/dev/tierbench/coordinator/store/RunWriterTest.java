package dev.tierbench.coordinator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.Calibration;
import dev.tierbench.common.protocol.EncodedHistogram;
import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.stats.Histograms;
import dev.tierbench.common.stats.LatencySummary;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.lease.AttemptEnd;
import dev.tierbench.coordinator.lease.Lease;
import dev.tierbench.coordinator.lease.OpenLease;
import dev.tierbench.coordinator.lease.Resumption;
import dev.tierbench.coordinator.lease.TaskState;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PlannedTask;
import dev.tierbench.coordinator.preparation.Preparation;

/** What the writer stores, read back by the reader. */
class RunWriterTest {

  @TempDir
  Path dir;

  private Plan plan() throws Exception {
    Path sweep = dir.resolve("s.yaml");
    Files.writeString(sweep, "name: s\nmodels: [" + Fixtures.KWS + "]\naxes: {batch: [1, 2]}\ntiers: [edge, iot]\n");
    Sweep parsed = SweepParser.parse(sweep);
    return Preparation.plan(parsed);
  }

  private static TaskResult result(PlannedTask task, String agent, long... latencies) {
    Histogram h = Histograms.create();
    for (long l : latencies) {
      h.recordValue(l);
    }
    Measurement m = new Measurement("TFLite 2.6.2", 1_000_000, 2_000_000, 5, 0, true, latencies.length, 9_000_000,
        EncodedHistogram.of(h), false, 1_700_000_000_000L, java.util.List.of(), Double.NaN, java.util.List.of(), List.of());
    return new TaskResult(task.taskId(), "lease-" + agent, agent, "host-" + agent, task.tier(),
        task.trial().model().sha256(), m);
  }

  @Test
  void aResultIsStoredOnceAndItsTaskMarkedDone() throws Exception {
    Plan plan = plan();
    PlannedTask task = plan.tasks().get(0);
    Path db = dir.resolve("results.db");
    try (RunWriter store = RunWriter.open(db); RunReader reader = RunReader.open(db)) {
      store.savePlan("run", plan, Instant.now());
      TaskResult first = result(task, "a", 1_000, 2_000, 3_000);
      LatencySummary summary = LatencySummary.of(first.measurement().latency().decode());

      assertTrue(store.saveResult(first, 1, summary, Instant.now()));
      assertFalse(store.saveResult(result(task, "b", 7_000), 2, summary, Instant.now()),
          "a second result for the same task is a duplicate");

      List<StoredResult> results = reader.results();
      assertEquals(1, results.size());
      StoredResult stored = results.get(0);
      assertEquals("a", stored.receipt().agentId());
      assertEquals("edge", stored.tier());
      assertEquals(3, stored.measurement().queries());
      assertEquals(3, stored.measurement().latency().decode().getTotalCount());
      assertEquals(first.measurement().latency(), stored.measurement().latency());
      assertEquals(first.measurement(), stored.measurement(), "the measurement reads back as the agent sent it");
      assertEquals(Set.of(task.taskId()), store.resumption().completed());
      TaskRow row = reader.tasks().stream().filter(t -> t.taskId().equals(task.taskId())).findFirst().orElseThrow();
      assertEquals("DONE", row.state());
    }
  }

  /**
   * Writes queued together commit together, each in its own savepoint: one that fails is undone alone, the others
   * are stored, and each is answered only after the commit, with its own value or failure.
   */
  @Test
  void aGroupCommitsTogetherAndAFailingWriteIsUndoneAlone() throws Exception {
    Plan plan = plan();
    Path db = dir.resolve("results.db");
    try (RunWriter store = RunWriter.open(db); RunReader reader = RunReader.open(db);
        GroupCommit writes = new GroupCommit("test-store")) {
      store.savePlan("run", plan, Instant.now());
      java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
      // Held, so that the writes below queue up behind it and form one group.
      writes.alone(() -> hold.await(10, java.util.concurrent.TimeUnit.SECONDS), (v, e) -> { });
      java.util.Map<String, Object> answers = new java.util.concurrent.ConcurrentHashMap<>();
      java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(4);
      for (int i = 0; i < 4; i++) {
        PlannedTask task = plan.tasks().get(i);
        boolean broken = i == 2;
        writes.grouped(store, () -> {
          TaskResult r = result(task, "a" + task.taskId(), 1_000);
          boolean inserted = store.saveResult(r, 1, LatencySummary.of(r.measurement().latency().decode()),
              Instant.now());
          if (broken) {
            throw new IllegalStateException("broken after its insert");
          }
          return inserted;
        }, (inserted, failure) -> {
          // Answered after the commit: a reader sees the write already.
          answers.put(task.taskId(), failure != null ? failure.getMessage()
              : reader.results().stream().anyMatch(r -> r.taskId().equals(task.taskId())));
          answered.countDown();
        });
      }
      hold.countDown();
      assertTrue(answered.await(10, java.util.concurrent.TimeUnit.SECONDS));
      assertEquals(true, answers.get(plan.tasks().get(0).taskId()));
      assertEquals(true, answers.get(plan.tasks().get(3).taskId()));
      assertEquals("broken after its insert", answers.get(plan.tasks().get(2).taskId()));
      assertEquals(3, reader.results().size(), "the failing write's insert is undone, the others kept");
    }
  }

  @Test
  void anAgentsCalibrationReadsBackAndAnAgentWithoutOneReadsAsNotCalibrated() throws Exception {
    Path db = dir.resolve("results.db");
    Calibration calibration = new Calibration(42.5, 13.25, 6.5, 9.75, 4);
    try (RunWriter store = RunWriter.open(db)) {
      store.savePlan("run", plan(), Instant.now());
      store.saveAgent(new AgentInfo("calibrated", "edge", "pi", "Linux", "aarch64", 4, 1L << 30, "17", List.of(),
          Map.of(), "", calibration), Instant.now());
      store.saveAgent(new AgentInfo("plain", "iot", "mcu", "Linux", "armv7l", 1, 1L << 28, "17", List.of(), Map.of()),
          Instant.now());
    }
    List<StoredAgent> agents = RunReader.read(db).agents();
    assertEquals(List.of("calibrated", "plain"), agents.stream().map(StoredAgent::agentId).toList());
    assertEquals(calibration, agents.get(0).calibration());
    assertEquals(9.75, agents.get(0).memoryGBps());
    assertNull(agents.get(1).calibration());
    assertTrue(Double.isNaN(agents.get(1).matmulGflops()), "not calibrated: no figure, not 0");
  }

  @Test
  void resultsSurviveReopeningTheDatabase() throws Exception {
    Plan plan = plan();
    PlannedTask task = plan.tasks().get(1);
    Path db = dir.resolve("results.db");
    try (RunWriter store = RunWriter.open(db)) {
      store.savePlan("run", plan, Instant.now());
      TaskResult r = result(task, "a", 5_000);
      store.saveResult(r, 1, LatencySummary.of(r.measurement().latency().decode()), Instant.now());
    }
    try (RunWriter reopened = RunWriter.open(db); RunReader reader = RunReader.open(db)) {
      reopened.savePlan("run", plan, Instant.now());
      assertEquals(Set.of(task.taskId()), reopened.resumption().completed());
      assertEquals("DONE", reader.tasks().stream().filter(t -> t.taskId().equals(task.taskId()))
          .findFirst().orElseThrow().state(), "planning again keeps the state of stored tasks");
    }
  }

  @Test
  void attemptsAreRecordedAndAFailedTaskKeepsItsReason() throws Exception {
    Plan plan = plan();
    PlannedTask task = plan.tasks().get(2);
    Path db = dir.resolve("results.db");
    try (RunWriter store = RunWriter.open(db); RunReader reader = RunReader.open(db)) {
      store.savePlan("run", plan, Instant.now());
      Instant t = Instant.now();
      store.saveAttempt(new AttemptEnd(task.taskId(), 1, "l1", "a", t, t, AttemptEnd.Outcome.EXPIRED,
          "lease expired", TaskState.QUEUED));
      store.saveAttempt(new AttemptEnd(task.taskId(), 2, "l2", "b", t, t, AttemptEnd.Outcome.FAILED,
          "corrupt model", TaskState.FAILED));
      assertEquals(List.of("EXPIRED", "FAILED"), StoredAttempts.outcomes(db, task.taskId()));
      TaskRow row = reader.tasks().stream().filter(r -> r.taskId().equals(task.taskId())).findFirst().orElseThrow();
      assertEquals("FAILED", row.state());
      assertEquals("corrupt model", row.reason());
      assertEquals(2, row.attempts());
    }
  }

  @Test
  void aLateAttemptDoesNotUndoADoneTask() throws Exception {
    Plan plan = plan();
    PlannedTask task = plan.tasks().get(3);
    Path db = dir.resolve("results.db");
    try (RunWriter store = RunWriter.open(db); RunReader reader = RunReader.open(db)) {
      store.savePlan("run", plan, Instant.now());
      TaskResult r = result(task, "a", 5_000);
      store.saveResult(r, 1, LatencySummary.of(r.measurement().latency().decode()), Instant.now());
      Instant t = Instant.now();
      store.saveAttempt(new AttemptEnd(task.taskId(), 2, "l2", "b", t, t, AttemptEnd.Outcome.SUPERSEDED,
          "a result from another attempt arrived first", TaskState.QUEUED));
      TaskRow row = reader.tasks().stream().filter(x -> x.taskId().equals(task.taskId())).findFirst().orElseThrow();
      assertEquals("DONE", row.state());
      assertNull(row.reason());
    }
  }

  @Test
  void anEvaluationAndTheTrialReadBackWhole() throws Exception {
    Plan plan = plan();
    PlannedTask task = plan.tasks().get(0);
    Path db = dir.resolve("results.db");
    Evaluation evaluation = new Evaluation("digits", true, true, 3, 2, 0.5, 2, new int[] {1, 1, 0, 1},
        new int[] {0, 1, 1}, Double.NaN, Double.NaN, Double.NaN, null, null, 42);
    TaskResult plain = result(task, "a", 1_000);
    TaskResult scored = new TaskResult(plain.taskId(), plain.leaseId(), plain.agentId(), plain.hostname(), plain.tier(),
        plain.modelSha256(), plain.measurement(), evaluation);
    try (RunWriter store = RunWriter.open(db)) {
      store.savePlan("run", plan, Instant.now());
      store.saveResult(scored, 2, LatencySummary.of(plain.measurement().latency().decode()), Instant.now());
    }
    StoredRun run = RunReader.read(db);
    StoredResult stored = run.results().get(0);
    assertEquals(evaluation, stored.evaluation());
    assertEquals(new Receipt("a", "host-a", "lease-a", 2, task.trial().model().sha256(),
        stored.receipt().receivedAt()), stored.receipt());
    StoredTrial trial = run.trial(stored.trialId());
    assertEquals(task.trial().model(), trial.model());
    assertEquals(task.trial().params(), trial.params());
    assertEquals(task.trial().canonical(), trial.canonical());
    assertEquals(task.trial().measure().latencyBound(), trial.limits().latencyBound());
    assertEquals(task.trial().measure().minQueries(), trial.limits().minQueries());
    assertTrue(trial.costs().inspected(), "the plan inspected the model");
    assertEquals("int8", trial.costs().quantization());
  }

  @Test
  void aResultHeldAcrossACoordinatorRestartReadsBackWithAttemptZero() throws Exception {
    Plan plan = plan();
    TaskResult held = result(plan.tasks().get(0), "a", 1_000);
    Path db = dir.resolve("results.db");
    try (RunWriter store = RunWriter.open(db)) {
      store.savePlan("run", plan, Instant.now());
      // The restarted coordinator never leased the task whose result the agent held.
      store.saveResult(held, 0, LatencySummary.of(held.measurement().latency().decode()), Instant.now());
    }
    assertEquals(0, RunReader.read(db).results().get(0).receipt().attempt());
  }

  @Test
  void leasesStayOpenUntilTheirAttemptEndsAndAReopenedStoreResumesFromThem() throws Exception {
    Plan plan = plan();
    PlannedTask measuring = plan.tasks().get(0);
    PlannedTask ended = plan.tasks().get(1);
    PlannedTask measured = plan.tasks().get(2);
    Instant start = Instant.parse("2026-12-06T08:00:00Z");
    Path db = dir.resolve("results.db");
    try (RunWriter store = RunWriter.open(db)) {
      store.savePlan("run", plan, start);
      store.saveLease(new Lease("lease-m", measuring, "m", 2, start, start.plusSeconds(5)));
      store.saveLease(new Lease("lease-e", ended, "e", 1, start, start.plusSeconds(5)));
      store.saveAttempt(new AttemptEnd(ended.taskId(), 1, "lease-e", "e", start, start.plusSeconds(6),
          AttemptEnd.Outcome.EXPIRED, "lease expired", TaskState.QUEUED));
      store.saveLease(new Lease("lease-d", measured, "d", 1, start, start.plusSeconds(5)));
      TaskResult r = result(measured, "d", 5_000);
      store.saveResult(r, 1, LatencySummary.of(r.measurement().latency().decode()), start.plusSeconds(2));
    }
    try (RunWriter reopened = RunWriter.open(db)) {
      Resumption resumption = reopened.resumption();
      assertEquals(List.of(new OpenLease(measuring.taskId(), "lease-m", "m", 2, start)), resumption.open(),
          "an ended attempt's lease is closed, and a task with a result owes its agent nothing");
      assertEquals(Set.of(measured.taskId()), resumption.completed());
      assertEquals(2, resumption.attempts(measuring.taskId()), "counted when leased, not only when ended");
      assertEquals(1, resumption.attempts(ended.taskId()));
      assertEquals(0, resumption.attempts(plan.tasks().get(3).taskId()));
    }
  }
}
