package dev.tierbench.coordinator.store;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

import dev.tierbench.common.model.ModelSummary;
import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.Calibration;
import dev.tierbench.common.protocol.EncodedHistogram;
import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.MetricSummary;
import dev.tierbench.common.protocol.OperatorTime;
import dev.tierbench.common.protocol.Protocol;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.stats.LatencySummary;
import dev.tierbench.common.sweep.Trial;
import dev.tierbench.coordinator.lease.AttemptEnd;
import dev.tierbench.coordinator.lease.Lease;
import dev.tierbench.coordinator.lease.OpenLease;
import dev.tierbench.coordinator.lease.Resumption;
import dev.tierbench.coordinator.lease.TaskState;
import dev.tierbench.coordinator.plan.Exclusion;
import dev.tierbench.coordinator.plan.ModelCheck;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PlannedTask;
import dev.tierbench.coordinator.store.schema.Migrations;

/**
 * Writes a run into its SQLite database ({@code runs/<run-id>/results.db}). Each result is committed as it arrives,
 * before the agent is told it was accepted, so nothing acknowledged is ever lost. One connection; callers use it from
 * one thread, so writes keep their order.
 */
public final class RunWriter implements AutoCloseable {

  private static final List<String> TRIAL_COLUMNS = List.of("trial_id", "model_name", "model_sha256", "model_bytes",
      "batch", "threads", "xnnpack", "scenario", "rate", "cpus", "latency_bound_ns", "warmup", "min_duration_ms",
      "min_queries", "max_duration_ms", "canonical", "model_params", "model_macs", "model_flops", "model_weight_bytes",
      "model_peak_activation_bytes", "quantization", "model_problem", "family", "trained_on", "training_s",
      "training_flops", "engine", "optimization", "provider");
  /** The result's columns after those its task gives (task_id, trial_id, tier, repetition). */
  private static final List<String> RESULT_COLUMNS = List.of("agent_id", "hostname", "lease_id", "attempt",
      "model_sha256", "runtime", "load_ns", "first_inference_ns", "warmup_queries", "warmup_ns", "stable", "queries",
      "duration_ns", "capped", "p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns", "mean_ns", "histogram", "started_at",
      "received_at", "energy_j", "disturbances");
  private static final List<String> EVALUATION_COLUMNS = List.of("task_id", "dataset", "classification", "samples",
      "correct", "macro_f1", "classes", "confusion", "r2", "mae", "rmse", "evaluation_ns", "targets", "residuals",
      "predictions", "labelled");

  private final Database db;

  private RunWriter(Database db) {
    this.db = db;
  }

  /** Opens (creating if needed) the database at {@code file}; one an earlier tierbench wrote is upgraded first. */
  public static RunWriter open(Path file) {
    Database db = Database.forWriting(file);
    try {
      Migrations.prepare(db);
    } catch (StoreException e) {
      db.close();
      throw e;
    }
    return new RunWriter(db);
  }

  public Path file() {
    return db.file();
  }

  /** Records the run and its plan; tasks already stored keep their state. */
  public void savePlan(String runId, Plan plan, Instant now) {
    db.transaction(() -> {
      try (PreparedStatement run = db.connection().prepareStatement(Database.insert("INSERT OR IGNORE", "run",
          List.of("run_id", "sweep_name", "sweep_file", "created_at", "protocol_version")))) {
        run.setString(1, runId);
        run.setString(2, plan.sweep().name());
        run.setString(3, plan.sweep().file().toString());
        run.setString(4, now.toString());
        run.setInt(5, Protocol.VERSION);
        run.executeUpdate();
      }
      try (PreparedStatement trial = db.connection().prepareStatement(
          Database.insert("INSERT OR IGNORE", "trials", TRIAL_COLUMNS))) {
        for (Trial t : plan.trials()) {
          setTrial(trial, t, plan);
          trial.addBatch();
        }
        trial.executeBatch();
      }
      try (PreparedStatement exclusion = db.connection().prepareStatement(
          Database.insert("INSERT OR REPLACE", "exclusions", List.of("model", "what", "reason")))) {
        for (Exclusion e : plan.exclusions()) {
          exclusion.setString(1, e.model());
          exclusion.setString(2, e.what());
          exclusion.setString(3, e.reason());
          exclusion.addBatch();
        }
        exclusion.executeBatch();
      }
      try (PreparedStatement task = db.connection().prepareStatement(Database.insert("INSERT OR IGNORE", "tasks",
          List.of("task_id", "trial_id", "tier", "repetition", "state", "updated_at")))) {
        for (PlannedTask t : plan.tasks()) {
          task.setString(1, t.taskId());
          task.setString(2, t.trial().id());
          task.setString(3, t.tier());
          task.setInt(4, t.repetition());
          task.setString(5, TaskState.QUEUED.name());
          task.setString(6, now.toString());
          task.addBatch();
        }
        task.executeBatch();
      }
    });
  }

  private static void setTrial(PreparedStatement trial, Trial t, Plan plan) throws SQLException {
    ModelCheck check = plan.checks().get(t.model().sha256());
    ModelSummary m = check.summary();
    trial.setString(1, t.id());
    trial.setString(2, t.model().name());
    trial.setString(3, t.model().sha256());
    trial.setLong(4, t.model().bytes());
    trial.setInt(5, t.params().batch());
    trial.setInt(6, t.params().threads());
    trial.setInt(7, t.params().xnnpack() ? 1 : 0);
    trial.setString(8, t.params().scenario().key());
    trial.setDouble(9, t.params().rate());
    trial.setString(10, t.params().cpus());
    trial.setLong(11, t.measure().latencyBound().toNanos());
    trial.setInt(12, t.measure().warmup());
    trial.setLong(13, t.measure().minDuration().toMillis());
    trial.setLong(14, t.measure().minQueries());
    trial.setLong(15, t.measure().maxDuration().toMillis());
    trial.setString(16, t.canonical());
    trial.setObject(17, m == null ? null : m.parameters());
    trial.setObject(18, m == null ? null : m.macs());
    trial.setObject(19, m == null ? null : m.flops());
    trial.setObject(20, m == null ? null : m.weightBytes());
    trial.setObject(21, m == null ? null : m.peakActivationBytes());
    trial.setString(22, m == null ? null : m.quantization());
    trial.setString(23, check.problem());
    trial.setString(24, plan.family(t));
    var training = plan.training(t);
    // The split is the dataset's under a seed: seed and sizes reproduce it exactly.
    trial.setString(25, training == null ? null : training.dataset() + ", " + training.epochs() + " epochs at"
        + " learning rate " + training.learningRate() + ", stratified split seed " + training.splitSeed() + " ("
        + training.trainSamples() + " train, " + training.testSamples() + " test)");
    trial.setObject(26, training == null ? null : training.seconds());
    trial.setObject(27, training == null ? null : training.trainingFlops());
    trial.setString(28, t.params().engine().key());
    trial.setString(29, t.params().optimization().key());
    trial.setString(30, t.params().provider().key());
  }

  /** Ids of tasks that already have a result: what a resumed run does not measure again. */
  private Set<String> completedTaskIds() {
    Set<String> ids = new HashSet<>();
    db.query("SELECT task_id FROM results", rs -> ids.add(rs.getString(1)));
    return ids;
  }

  /**
   * Where the run stands for a coordinator resuming it: results, attempts given per task, and the leases open when
   * the last coordinator stopped (those of tasks with a result excepted: their agents are owed nothing).
   */
  public Resumption resumption() {
    Set<String> completed = completedTaskIds();
    Map<String, Integer> attempts = new HashMap<>();
    db.query("SELECT task_id, attempts FROM tasks WHERE attempts > 0",
        rs -> attempts.put(rs.getString(1), rs.getInt(2)));
    List<OpenLease> open = new ArrayList<>();
    db.query("SELECT task_id, lease_id, agent_id, attempt, started_at FROM open_leases ORDER BY started_at", rs -> {
      if (!completed.contains(rs.getString(1))) {
        open.add(new OpenLease(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
            Instant.parse(rs.getString(5))));
      }
    });
    Map<String, Resumption.Measured> measured = new HashMap<>();
    db.query("SELECT r.task_id, r.p50_ns, CASE WHEN e.classification = 1 AND e.labelled = 1"
        + " THEN CAST(e.correct AS REAL) / e.samples ELSE e.r2 END FROM results r"
        + " LEFT JOIN evaluations e ON e.task_id = r.task_id", rs -> {
          double quality = rs.getDouble(3);
          measured.put(rs.getString(1), new Resumption.Measured(rs.getLong(2) / 1e6, rs.wasNull() ? Double.NaN
              : quality));
        });
    return new Resumption(completed, attempts, open, measured);
  }

  /** Keeps a granted lease until its attempt ends, and counts the attempt, so a restart can resume from both. */
  public void saveLease(Lease lease) {
    db.transaction(() -> {
      try (PreparedStatement insert = db.connection().prepareStatement(Database.insert("INSERT OR REPLACE",
          "open_leases", List.of("lease_id", "task_id", "agent_id", "attempt", "started_at")))) {
        insert.setString(1, lease.leaseId());
        insert.setString(2, lease.task().taskId());
        insert.setString(3, lease.agentId());
        insert.setInt(4, lease.attempt());
        insert.setString(5, lease.startedAt().toString());
        insert.executeUpdate();
      }
      updateTask(lease.task().taskId(), TaskState.LEASED, lease.attempt(), null, lease.startedAt());
    });
  }

  /**
   * Stores a result and marks its task done, in one transaction.
   *
   * @return false if the task already had a result (a duplicate, nothing changed)
   */
  public boolean saveResult(TaskResult result, int attempt, LatencySummary summary, Instant receivedAt) {
    boolean[] inserted = {false};
    db.transaction(() -> {
      Measurement m = result.measurement();
      // The task gives the result's trial, tier and repetition.
      try (PreparedStatement insert = db.connection().prepareStatement("INSERT OR IGNORE INTO results (task_id,"
          + " trial_id, tier, repetition, " + String.join(", ", RESULT_COLUMNS) + ") SELECT ?, trial_id, tier,"
          + " repetition" + ", ?".repeat(RESULT_COLUMNS.size()) + " FROM tasks WHERE task_id = ?")) {
        int i = 1;
        insert.setString(i++, result.taskId());
        insert.setString(i++, result.agentId());
        insert.setString(i++, result.hostname());
        insert.setString(i++, result.leaseId());
        insert.setInt(i++, attempt);
        insert.setString(i++, result.modelSha256());
        insert.setString(i++, m.runtime());
        insert.setLong(i++, m.loadNanos());
        insert.setLong(i++, m.firstInferenceNanos());
        insert.setLong(i++, m.warmupQueries());
        insert.setLong(i++, m.warmupNanos());
        insert.setInt(i++, m.stable() ? 1 : 0);
        insert.setLong(i++, m.queries());
        insert.setLong(i++, m.durationNanos());
        insert.setInt(i++, m.capped() ? 1 : 0);
        insert.setLong(i++, summary.p50());
        insert.setLong(i++, summary.p90());
        insert.setLong(i++, summary.p99());
        insert.setLong(i++, summary.p999());
        insert.setLong(i++, summary.max());
        insert.setDouble(i++, summary.mean());
        insert.setBytes(i++, m.latency().bytes());
        insert.setString(i++, Instant.ofEpochMilli(m.startedAtMillis()).toString());
        insert.setString(i++, receivedAt.toString());
        insert.setObject(i++, Double.isNaN(m.energyJoules()) ? null : m.energyJoules());
        insert.setString(i++, String.join("; ", m.disturbances()));
        insert.setString(i, result.taskId());
        inserted[0] = insert.executeUpdate() == 1;
      }
      if (inserted[0]) {
        updateTask(result.taskId(), TaskState.DONE, attempt, null, receivedAt);
        saveDetails(result.taskId(), m);
        if (result.evaluation() != null) {
          saveEvaluation(result.taskId(), result.evaluation());
        }
      }
    });
    return inserted[0];
  }

  private void saveDetails(String taskId, Measurement m) throws SQLException {
    try (PreparedStatement metric = db.connection().prepareStatement(
        "INSERT INTO system_metrics VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (MetricSummary s : m.system()) {
        metric.setString(1, taskId);
        metric.setString(2, s.metric());
        metric.setLong(3, s.samples());
        metric.setDouble(4, s.min());
        metric.setDouble(5, s.mean());
        metric.setDouble(6, s.max());
        metric.setDouble(7, s.p95());
        metric.addBatch();
      }
      metric.executeBatch();
    }
    try (PreparedStatement operator = db.connection().prepareStatement(
        "INSERT INTO operator_times VALUES (?, ?, ?, ?, ?)")) {
      for (OperatorTime t : m.profile()) {
        operator.setString(1, taskId);
        operator.setString(2, t.operator());
        operator.setString(3, t.executor());
        operator.setInt(4, t.count());
        operator.setLong(5, t.nanosPerQuery());
        operator.addBatch();
      }
      operator.executeBatch();
    }
  }

  private void saveEvaluation(String taskId, Evaluation e) throws SQLException {
    try (PreparedStatement insert = db.connection().prepareStatement(
        Database.insert("INSERT", "evaluations", EVALUATION_COLUMNS))) {
      insert.setString(1, taskId);
      insert.setString(2, e.dataset());
      insert.setInt(3, e.classification() ? 1 : 0);
      insert.setInt(4, e.samples());
      insert.setInt(5, e.correct());
      insert.setObject(6, Double.isNaN(e.macroF1()) ? null : e.macroF1());
      insert.setInt(7, e.classes());
      insert.setString(8, ArrayText.ints(e.confusion()));
      insert.setObject(9, Double.isNaN(e.r2()) ? null : e.r2());
      insert.setObject(10, Double.isNaN(e.mae()) ? null : e.mae());
      insert.setObject(11, Double.isNaN(e.rmse()) ? null : e.rmse());
      insert.setLong(12, e.nanos());
      insert.setString(13, ArrayText.floats(e.targets()));
      insert.setString(14, ArrayText.floats(e.residuals()));
      insert.setString(15, ArrayText.ints(e.predictions()));
      insert.setInt(16, e.labelled() ? 1 : 0);
      insert.executeUpdate();
    }
  }

  /** Marks a task an adaptive sweep chose not to measure: its variant is predicted instead. */
  public void markSkipped(String taskId, String reason, Instant at) {
    db.transaction(() -> updateTask(taskId, TaskState.SKIPPED, 0, reason, at));
  }

  /** Marks a task failed without any attempt (its model could not be used). */
  public void markFailed(String taskId, String reason, Instant at) {
    db.transaction(() -> updateTask(taskId, TaskState.FAILED, 0, reason, at));
  }

  public void saveAttempt(AttemptEnd end) {
    db.transaction(() -> {
      try (PreparedStatement closed = db.connection().prepareStatement(
          "DELETE FROM open_leases WHERE lease_id = ?")) {
        closed.setString(1, end.leaseId());
        closed.executeUpdate();
      }
      try (PreparedStatement insert = db.connection().prepareStatement(Database.insert("INSERT", "attempts",
          List.of("task_id", "attempt", "lease_id", "agent_id", "started_at", "ended_at", "outcome", "reason")))) {
        insert.setString(1, end.taskId());
        insert.setInt(2, end.attempt());
        insert.setString(3, end.leaseId());
        insert.setString(4, end.agentId());
        insert.setString(5, end.startedAt() == null ? null : end.startedAt().toString());
        insert.setString(6, end.endedAt().toString());
        insert.setString(7, end.outcome().name());
        insert.setString(8, end.reason());
        insert.executeUpdate();
      }
      if (end.outcome() != AttemptEnd.Outcome.DONE) {
        updateTask(end.taskId(), end.taskState(), end.attempt(), end.reason(), end.endedAt());
      }
    });
  }

  private void updateTask(String taskId, TaskState state, int attempts, String reason, Instant at) throws SQLException {
    // A task that has a result stays done, whatever a late attempt says.
    try (PreparedStatement update = db.connection().prepareStatement(
        "UPDATE tasks SET state = ?, attempts = MAX(attempts, ?), reason = ?, updated_at = ?"
            + " WHERE task_id = ? AND (state <> 'DONE' OR ? = 'DONE')")) {
      update.setString(1, state.name());
      update.setInt(2, attempts);
      update.setString(3, reason);
      update.setString(4, at.toString());
      update.setString(5, taskId);
      update.setString(6, state.name());
      update.executeUpdate();
    }
  }

  /** The heartbeat round-trip times an agent measured during the run: the control plane's latency. */
  public void saveRoundTrips(String agentId, Histogram nanos) {
    db.transaction(() -> {
      try (PreparedStatement upsert = db.connection().prepareStatement(
          "INSERT OR REPLACE INTO round_trips VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        upsert.setString(1, agentId);
        upsert.setLong(2, nanos.getTotalCount());
        upsert.setDouble(3, nanos.getValueAtPercentile(50) / 1e6);
        upsert.setDouble(4, nanos.getValueAtPercentile(90) / 1e6);
        upsert.setDouble(5, nanos.getValueAtPercentile(99) / 1e6);
        upsert.setDouble(6, nanos.getMaxValue() / 1e6);
        upsert.setBytes(7, EncodedHistogram.of(nanos).bytes());
        upsert.executeUpdate();
      }
    });
  }

  public void saveAgent(AgentInfo agent, Instant at) {
    db.transaction(() -> {
      try (PreparedStatement upsert = db.connection().prepareStatement(
          "INSERT OR REPLACE INTO agents (agent_id, tier, hostname, os, arch, cores, memory_bytes, jvm, engines, labels,"
              + " registered_at, matmul_gflops, matmul_gflops_one_thread, depthwise_gflops, memory_gbps)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        upsert.setString(1, agent.agentId());
        upsert.setString(2, agent.tier());
        upsert.setString(3, agent.hostname());
        upsert.setString(4, agent.os());
        upsert.setString(5, agent.arch());
        upsert.setInt(6, agent.cores());
        upsert.setLong(7, agent.memoryBytes());
        upsert.setString(8, agent.jvm());
        upsert.setString(9, agent.describeEngines());
        upsert.setString(10, new TreeMap<>(agent.labels()).toString());
        upsert.setString(11, at.toString());
        Calibration c = agent.calibration();
        upsert.setObject(12, c == null ? null : c.matmulGflops());
        upsert.setObject(13, c == null ? null : c.matmulGflopsOneThread());
        upsert.setObject(14, c == null ? null : c.depthwiseGflops());
        upsert.setObject(15, c == null ? null : c.memoryGBps());
        upsert.executeUpdate();
      }
    });
  }

  /** Runs {@code writes} in one transaction (see {@link GroupCommit}). */
  void inOneTransaction(Runnable writes) {
    db.group(writes::run);
  }

  /** Runs one write of a group, undone alone if it fails. */
  <T> T inSavepoint(java.util.concurrent.Callable<T> write) throws Exception {
    return db.savepoint(write);
  }

  @Override
  public void close() {
    db.close();
  }
}
