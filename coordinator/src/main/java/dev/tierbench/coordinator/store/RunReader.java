package dev.tierbench.coordinator.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tierbench.common.protocol.EncodedHistogram;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.protocol.GraphOptimization;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.MetricSummary;
import dev.tierbench.common.protocol.ModelRef;
import dev.tierbench.common.protocol.OperatorTime;
import dev.tierbench.common.protocol.Provider;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.coordinator.plan.Exclusion;
import dev.tierbench.coordinator.store.schema.Migrations;

/**
 * Reads a stored run, finished or still being written by a coordinator (WAL lets readers and the one writer go on
 * together). A database an earlier tierbench wrote is upgraded to this one's schema first (tables and columns added,
 * no data changed); after that the connection refuses every write.
 */
public final class RunReader implements AutoCloseable {

  private final Database db;

  private RunReader(Database db) {
    this.db = db;
  }

  /** @throws StoreException if the file is missing, is not a tierbench run database, or a newer tierbench wrote it */
  public static RunReader open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new StoreException("no run database at " + file, null);
    }
    Database db = Database.forReading(file);
    try {
      Migrations.upgrade(db);
      db.execute("PRAGMA query_only = ON");
    } catch (StoreException e) {
      db.close();
      throw e;
    }
    return new RunReader(db);
  }

  /** The whole run at {@code file} as stored now, read as {@link #load} does. */
  public static StoredRun read(Path file) {
    try (RunReader reader = open(file)) {
      return reader.load();
    }
  }

  /**
   * The whole run as stored now.
   *
   * @throws StoreException if the database holds no run (it was created but its plan never saved)
   */
  public StoredRun load() {
    List<Header> headers = new ArrayList<>();
    db.query("SELECT run_id, sweep_name, sweep_file, created_at, protocol_version FROM run",
        rs -> headers.add(new Header(rs.getString(1), rs.getString(2), rs.getString(3),
            Instant.parse(rs.getString(4)), rs.getInt(5))));
    if (headers.isEmpty()) {
      throw new StoreException(db.file() + " holds no run: its plan was never saved", null);
    }
    List<Exclusion> exclusions = new ArrayList<>();
    db.query("SELECT model, what, reason FROM exclusions ORDER BY rowid", rs -> exclusions.add(new Exclusion(
        rs.getString(1), rs.getString(2), rs.getString(3))));
    List<String> tiers = new ArrayList<>();
    db.query("SELECT tier FROM tasks GROUP BY tier ORDER BY MIN(rowid)", rs -> tiers.add(rs.getString(1)));
    int[] repetitions = {0};
    db.query("SELECT COALESCE(MAX(repetition), 0) FROM tasks", rs -> repetitions[0] = rs.getInt(1));
    List<StoredAgent> agents = new ArrayList<>();
    db.query("SELECT agent_id, tier, hostname, os, arch, cores, memory_bytes, jvm, engines, labels, matmul_gflops,"
        + " matmul_gflops_one_thread, depthwise_gflops, memory_gbps FROM agents ORDER BY tier, agent_id",
        rs -> agents.add(new StoredAgent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getInt(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10),
            nullable(rs, 11), nullable(rs, 12), nullable(rs, 13), nullable(rs, 14))));
    Header h = headers.get(0);
    return new StoredRun(h.runId(), h.sweepName(), h.sweepFile(), h.createdAt(), h.protocolVersion(), tiers, repetitions[0], trials(), tasks(), results(), agents, exclusions);
  }

  /** The run's own row. */
  private record Header(String runId, String sweepName, String sweepFile, Instant createdAt, int protocolVersion) {}

  private List<StoredTrial> trials() {
    List<StoredTrial> trials = new ArrayList<>();
    // Trials stored before engines were named ran on the engine their results name (TFLite 2.6 unless ONNX).
    db.query("""
        SELECT trial_id, model_name, model_sha256, model_bytes, COALESCE(family, model_name), batch, threads, xnnpack,
               scenario, rate, cpus, latency_bound_ns, warmup, min_duration_ms, min_queries, max_duration_ms,
               COALESCE(model_params, -1), COALESCE(model_macs, -1), COALESCE(model_flops, -1),
               COALESCE(model_weight_bytes, -1), COALESCE(model_peak_activation_bytes, -1),
               COALESCE(quantization, ''), model_problem, canonical, COALESCE(trained_on, ''), training_s,
               training_flops,
               COALESCE(engine, (SELECT CASE WHEN r.runtime LIKE 'ONNX Runtime%' THEN 'onnxruntime' ELSE 'tflite-2.6' END
                   FROM results r WHERE r.trial_id = trials.trial_id LIMIT 1), 'tflite-2.6'),
               COALESCE(optimization, 'all'), COALESCE(provider, 'cpu')
        FROM trials ORDER BY rowid""", rs -> trials.add(trial(rs)));
    return trials;
  }

  private static StoredTrial trial(ResultSet rs) throws SQLException {
    Engine engine = key(Engine.byKey(rs.getString(28)), "engine", rs.getString(28));
    // XNNPACK is TFLite's: ONNX Runtime trials never had it, whatever the column says.
    TrialParams params = new TrialParams(rs.getInt(6), rs.getInt(7), rs.getInt(8) == 1 && engine.tflite(),
        key(Scenario.byKey(rs.getString(9)), "scenario", rs.getString(9)), rs.getDouble(10), rs.getString(11), engine,
        key(GraphOptimization.byKey(rs.getString(29)), "optimization", rs.getString(29)),
        key(Provider.byKey(rs.getString(30)), "provider", rs.getString(30)));
    MeasureLimits limits = new MeasureLimits(rs.getInt(13), Duration.ofMillis(rs.getLong(14)), rs.getLong(15),
        Duration.ofMillis(rs.getLong(16)), Duration.ofNanos(rs.getLong(12)));
    ModelCosts costs = new ModelCosts(rs.getLong(17), rs.getLong(18), rs.getLong(19), rs.getLong(20), rs.getLong(21),
        rs.getString(22), rs.getString(23));
    return new StoredTrial(rs.getString(1), new ModelRef(rs.getString(2), rs.getString(3), rs.getLong(4)),
        rs.getString(5), params, limits, costs, new Training(rs.getString(25), nullable(rs, 26), nullable(rs, 27)),
        rs.getString(24));
  }

  private static <T> T key(java.util.Optional<T> value, String what, String key) throws SQLException {
    return value.orElseThrow(() -> new SQLException("unknown " + what + " '" + key + "'"));
  }

  /** Every stored result with its measurement and evaluation, in task order. */
  public List<StoredResult> results() {
    Map<String, Evaluation> evaluations = evaluations();
    Map<String, List<MetricSummary>> system = new HashMap<>();
    db.query("SELECT task_id, metric, samples, min, mean, max, p95 FROM system_metrics ORDER BY task_id, metric",
        rs -> system.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new MetricSummary(rs.getString(2),
            rs.getLong(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7))));
    Map<String, List<OperatorTime>> profiles = new HashMap<>();
    db.query("SELECT task_id, operator, executor, count, nanos_per_query FROM operator_times"
        + " ORDER BY task_id, nanos_per_query DESC, operator",
        rs -> profiles.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new OperatorTime(rs.getString(2),
            rs.getString(3), rs.getInt(4), rs.getLong(5))));
    List<StoredResult> results = new ArrayList<>();
    db.query("""
        SELECT task_id, trial_id, tier, repetition, agent_id, hostname, lease_id, attempt, model_sha256, received_at,
               runtime, load_ns, first_inference_ns, warmup_queries, warmup_ns, stable, queries, duration_ns,
               histogram, capped, started_at, energy_j, disturbances
        FROM results ORDER BY task_id""",
        rs -> {
          String taskId = rs.getString(1);
          String disturbances = rs.getString(23);
          Measurement measurement = new Measurement(rs.getString(11), rs.getLong(12), rs.getLong(13), rs.getLong(14),
              rs.getLong(15), rs.getInt(16) == 1, rs.getLong(17), rs.getLong(18), new EncodedHistogram(rs.getBytes(19)),
              rs.getInt(20) == 1, Instant.parse(rs.getString(21)).toEpochMilli(),
              system.getOrDefault(taskId, List.of()), nullable(rs, 22),
              disturbances.isEmpty() ? List.of() : List.of(disturbances.split("; ")),
              profiles.getOrDefault(taskId, List.of()));
          Receipt receipt = new Receipt(rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8),
              rs.getString(9), Instant.parse(rs.getString(10)));
          results.add(new StoredResult(taskId, rs.getString(2), rs.getString(3), rs.getInt(4), receipt, measurement,
              evaluations.get(taskId)));
        });
    return results;
  }

  private Map<String, Evaluation> evaluations() {
    Map<String, Evaluation> evaluations = new HashMap<>();
    db.query("SELECT task_id, dataset, classification, samples, correct, macro_f1, classes, confusion, r2, mae, rmse,"
        + " evaluation_ns, targets, residuals, predictions, labelled FROM evaluations",
        rs -> evaluations.put(rs.getString(1), new Evaluation(rs.getString(2), rs.getInt(3) == 1, rs.getInt(16) == 1,
            rs.getInt(4), rs.getInt(5), nullable(rs, 6), rs.getInt(7), ArrayText.ints(rs.getString(8)),
            ArrayText.ints(rs.getString(15)), nullable(rs, 9), nullable(rs, 10), nullable(rs, 11),
            ArrayText.floats(rs.getString(13)), ArrayText.floats(rs.getString(14)), rs.getLong(12))));
    return evaluations;
  }

  /** A REAL column that may be NULL ("not available"), as NaN. */
  private static double nullable(ResultSet rs, int column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? Double.NaN : value;
  }

  public List<TaskRow> tasks() {
    List<TaskRow> tasks = new ArrayList<>();
    db.query("SELECT task_id, trial_id, tier, repetition, state, attempts, reason FROM tasks ORDER BY task_id",
        rs -> tasks.add(new TaskRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
            rs.getString(5), rs.getInt(6), rs.getString(7))));
    return tasks;
  }

  @Override
  public void close() {
    db.close();
  }
}
