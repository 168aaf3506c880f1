package dev.tierbench.coordinator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.protocol.EncodedHistogram;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.stats.Histograms;
import dev.tierbench.common.stats.LatencySummary;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.lease.AttemptEnd;
import dev.tierbench.coordinator.lease.TaskState;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PlannedTask;
import dev.tierbench.coordinator.preparation.Preparation;

class ResultStoreTest {

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
    try (ResultStore store = ResultStore.open(dir.resolve("results.db"))) {
      store.savePlan("run", plan, Instant.now());
      TaskResult first = result(task, "a", 1_000, 2_000, 3_000);
      LatencySummary summary = LatencySummary.of(first.measurement().latency().decode());

      assertTrue(store.saveResult(first, 1, summary, Instant.now()));
      assertFalse(store.saveResult(result(task, "b", 7_000), 2, summary, Instant.now()),
          "a second result for the same task is a duplicate");

      List<StoredResult> results = store.results();
      assertEquals(1, results.size());
      StoredResult stored = results.get(0);
      assertEquals("a", stored.agentId());
      assertEquals("edge", stored.tier());
      assertEquals(3, stored.queries());
      assertEquals(3, stored.latency().decode().getTotalCount());
      assertEquals(first.measurement().latency(), stored.latency());
      assertEquals(Set.of(task.taskId()), store.completedTaskIds());
      TaskRow row = store.tasks().stream().filter(t -> t.taskId().equals(task.taskId())).findFirst().orElseThrow();
      assertEquals("DONE", row.state());
    }
  }

  @Test
  void resultsSurviveReopeningTheDatabase() throws Exception {
    Plan plan = plan();
    PlannedTask task = plan.tasks().get(1);
    Path db = dir.resolve("results.db");
    try (ResultStore store = ResultStore.open(db)) {
      store.savePlan("run", plan, Instant.now());
      TaskResult r = result(task, "a", 5_000);
      store.saveResult(r, 1, LatencySummary.of(r.measurement().latency().decode()), Instant.now());
    }
    try (ResultStore reopened = ResultStore.open(db)) {
      reopened.savePlan("run", plan, Instant.now());
      assertEquals(Set.of(task.taskId()), reopened.completedTaskIds());
      assertEquals("DONE", reopened.tasks().stream().filter(t -> t.taskId().equals(task.taskId()))
          .findFirst().orElseThrow().state(), "planning again keeps the state of stored tasks");
    }
  }

  @Test
  void attemptsAreRecordedAndAFailedTaskKeepsItsReason() throws Exception {
    Plan plan = plan();
    PlannedTask task = plan.tasks().get(2);
    try (ResultStore store = ResultStore.open(dir.resolve("results.db"))) {
      store.savePlan("run", plan, Instant.now());
      Instant t = Instant.now();
      store.saveAttempt(new AttemptEnd(task.taskId(), 1, "l1", "a", t, t, AttemptEnd.Outcome.EXPIRED,
          "lease expired", TaskState.QUEUED));
      store.saveAttempt(new AttemptEnd(task.taskId(), 2, "l2", "b", t, t, AttemptEnd.Outcome.FAILED,
          "corrupt model", TaskState.FAILED));
      assertEquals(List.of("EXPIRED", "FAILED"), store.attemptOutcomes(task.taskId()));
      TaskRow row = store.tasks().stream().filter(r -> r.taskId().equals(task.taskId())).findFirst().orElseThrow();
      assertEquals("FAILED", row.state());
      assertEquals("corrupt model", row.reason());
      assertEquals(2, row.attempts());
    }
  }

  @Test
  void aLateAttemptDoesNotUndoADoneTask() throws Exception {
    Plan plan = plan();
    PlannedTask task = plan.tasks().get(3);
    try (ResultStore store = ResultStore.open(dir.resolve("results.db"))) {
      store.savePlan("run", plan, Instant.now());
      TaskResult r = result(task, "a", 5_000);
      store.saveResult(r, 1, LatencySummary.of(r.measurement().latency().decode()), Instant.now());
      Instant t = Instant.now();
      store.saveAttempt(new AttemptEnd(task.taskId(), 2, "l2", "b", t, t, AttemptEnd.Outcome.SUPERSEDED,
          "a result from another attempt arrived first", TaskState.QUEUED));
      TaskRow row = store.tasks().stream().filter(x -> x.taskId().equals(task.taskId())).findFirst().orElseThrow();
      assertEquals("DONE", row.state());
      assertNull(row.reason());
    }
  }

  @Test
  void aDatabaseFromAnEarlierVersionIsUpgradedWhenRead() throws Exception {
    Plan plan = plan();
    Path file = dir.resolve("old.db");
    try (ResultStore store = ResultStore.open(file)) {
      store.savePlan("run", plan, Instant.now());
      store.saveResult(result(plan.tasks().get(0), "a1", 1_000_000, 2_000_000), 1,
          LatencySummary.of(Histograms.create()), Instant.now());
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement s = c.createStatement()) {
      // As an earlier tierbench left it: no evaluations, no training columns.
      s.execute("DROP TABLE evaluations");
      s.execute("ALTER TABLE trials DROP COLUMN training_flops");
      s.execute("ALTER TABLE trials DROP COLUMN training_s");
      s.execute("ALTER TABLE trials DROP COLUMN trained_on");
    }
    try (ResultStore store = ResultStore.openExisting(file)) {
      StoredRun run = store.load();
      assertEquals(1, run.results().size());
      assertNull(run.results().get(0).evaluation());
      assertTrue(Double.isNaN(run.trials().get(0).trainingSeconds()));
    }
  }
}
