package dev.tierbench.coordinator.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.EncodedHistogram;
import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.MetricSummary;
import dev.tierbench.common.protocol.OperatorTime;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.stats.LatencySummary;
import dev.tierbench.common.sweep.Trial;
import dev.tierbench.coordinator.lease.AttemptEnd;
import dev.tierbench.coordinator.lease.TaskState;
import dev.tierbench.common.model.ModelSummary;
import dev.tierbench.coordinator.plan.Exclusion;
import dev.tierbench.coordinator.plan.ModelCheck;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PlannedTask;

/**
 * A run's results in SQLite ({@code runs/<run-id>/results.db}). Each result is committed as it arrives,
 * before the agent is told it was accepted, so nothing acknowledged is ever lost. One connection; callers
 * use it from one thread.
 */
public final class ResultStore implements AutoCloseable {

  private static final String SCHEMA = """
      CREATE TABLE IF NOT EXISTS run (
        run_id TEXT PRIMARY KEY, sweep_name TEXT NOT NULL, sweep_file TEXT NOT NULL, created_at TEXT NOT NULL,
        protocol_version INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS trials (
        trial_id TEXT PRIMARY KEY, model_name TEXT NOT NULL, model_sha256 TEXT NOT NULL, model_bytes INTEGER NOT NULL,
        batch INTEGER NOT NULL, threads INTEGER NOT NULL, xnnpack INTEGER NOT NULL, scenario TEXT NOT NULL,
        rate REAL NOT NULL, cpus TEXT NOT NULL, latency_bound_ns INTEGER NOT NULL, warmup INTEGER NOT NULL,
        min_duration_ms INTEGER NOT NULL, min_queries INTEGER NOT NULL, max_duration_ms INTEGER NOT NULL,
        canonical TEXT NOT NULL, model_params INTEGER, model_macs INTEGER, model_flops INTEGER,
        model_weight_bytes INTEGER, model_peak_activation_bytes INTEGER, quantization TEXT, model_problem TEXT,
        family TEXT, trained_on TEXT, training_s REAL, training_flops REAL, engine TEXT, optimization TEXT,
        provider TEXT);
      CREATE TABLE IF NOT EXISTS tasks (
        task_id TEXT PRIMARY KEY, trial_id TEXT NOT NULL REFERENCES trials(trial_id), tier TEXT NOT NULL,
        repetition INTEGER NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, reason TEXT,
        updated_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT NULL REFERENCES tasks(task_id),
        attempt INTEGER NOT NULL, lease_id TEXT, agent_id TEXT NOT NULL, started_at TEXT, ended_at TEXT NOT NULL,
        outcome TEXT NOT NULL, reason TEXT);
      CREATE TABLE IF NOT EXISTS agents (
        agent_id TEXT PRIMARY KEY, tier TEXT NOT NULL, hostname TEXT NOT NULL, os TEXT, arch TEXT,
        cores INTEGER, memory_bytes INTEGER, jvm TEXT, engines TEXT, labels TEXT, registered_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS round_trips (
        agent_id TEXT PRIMARY KEY, samples INTEGER NOT NULL, p50_ms REAL NOT NULL, p90_ms REAL NOT NULL,
        p99_ms REAL NOT NULL, max_ms REAL NOT NULL, histogram BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS results (
        task_id TEXT PRIMARY KEY REFERENCES tasks(task_id), trial_id TEXT NOT NULL REFERENCES trials(trial_id),
        tier TEXT NOT NULL, repetition INTEGER NOT NULL, agent_id TEXT NOT NULL, hostname TEXT NOT NULL,
        lease_id TEXT NOT NULL, attempt INTEGER NOT NULL, model_sha256 TEXT NOT NULL, runtime TEXT NOT NULL,
        load_ns INTEGER NOT NULL, first_inference_ns INTEGER NOT NULL, warmup_queries INTEGER NOT NULL,
        warmup_ns INTEGER NOT NULL, stable INTEGER NOT NULL,
        queries INTEGER NOT NULL, duration_ns INTEGER NOT NULL, capped INTEGER NOT NULL,
        p50_ns INTEGER NOT NULL, p90_ns INTEGER NOT NULL, p99_ns INTEGER NOT NULL, p999_ns INTEGER NOT NULL,
        max_ns INTEGER NOT NULL, mean_ns REAL NOT NULL, histogram BLOB NOT NULL, started_at TEXT NOT NULL,
        received_at TEXT NOT NULL, energy_j REAL, disturbances TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS system_metrics (
        task_id TEXT NOT NULL REFERENCES results(task_id), metric TEXT NOT NULL, samples INTEGER NOT NULL,
        min REAL NOT NULL, mean REAL NOT NULL, max REAL NOT NULL, p95 REAL NOT NULL, PRIMARY KEY (task_id, metric));
      CREATE TABLE IF NOT EXISTS evaluations (
        task_id TEXT PRIMARY KEY REFERENCES results(task_id), dataset TEXT NOT NULL, classification INTEGER NOT NULL,
        samples INTEGER NOT NULL, correct INTEGER NOT NULL, macro_f1 REAL, classes INTEGER NOT NULL,
        confusion TEXT NOT NULL, r2 REAL, mae REAL, rmse REAL, evaluation_ns INTEGER NOT NULL, targets TEXT NOT NULL,
        residuals TEXT NOT NULL, predictions TEXT NOT NULL, labelled INTEGER NOT NULL DEFAULT 1);
      CREATE TABLE IF NOT EXISTS operator_times (
        task_id TEXT NOT NULL REFERENCES results(task_id), operator TEXT NOT NULL, executor TEXT NOT NULL,
        count INTEGER NOT NULL, nanos_per_query INTEGER NOT NULL, PRIMARY KEY (task_id, operator, executor));
      CREATE TABLE IF NOT EXISTS exclusions (
        model TEXT NOT NULL, what TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (model, what));
      """;

  private final Path file;
  private final Connection connection;

  private ResultStore(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** The tables every run's database has; a file without them is not one. */
  private static final List<String> TABLES = List.of("run", "trials", "tasks", "attempts", "agents", "results",
      "system_metrics");

  /** Opens (creating if needed) the database at {@code file}. */
  public static ResultStore open(Path file) {
    try {
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA journal_mode=WAL");
        // FULL: a result acknowledged to an agent survives a crash of this process or of the machine.
        statement.execute("PRAGMA synchronous=FULL");
        statement.execute("PRAGMA foreign_keys=ON");
        upgrade(statement);
      }
      return new ResultStore(file, connection);
    } catch (SQLException e) {
      throw new StoreException("cannot open result database " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens an existing run database to read it; it may be being written by a coordinator at the same time (WAL
   * lets readers and the one writer go on together). One written by an earlier tierbench is brought to this
   * schema first (tables and columns added, empty; no data changed).
   *
   * @throws StoreException if the file is missing or is not a tierbench run database
   */
  public static ResultStore openExisting(Path file) {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new StoreException("no run database at " + file, null);
    }
    try {
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      Set<String> tables = new HashSet<>();
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      } catch (SQLException e) {
        connection.close();
        throw new StoreException(file + " is not a tierbench run database: " + e.getMessage(), e);
      }
      List<String> missing = TABLES.stream().filter(t -> !tables.contains(t)).toList();
      if (!missing.isEmpty()) {
        connection.close();
        throw new StoreException(file + " is not a tierbench run database (no table " + String.join(", ", missing)
            + ")", null);
      }
      try (Statement statement = connection.createStatement()) {
        upgrade(statement);
      }
      return new ResultStore(file, connection);
    } catch (SQLException e) {
      throw new StoreException("cannot open result database " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Brings a database written by an earlier tierbench to this one's schema: the tables and columns it lacks are
   * added, empty, so that it can still be read, reported and resumed; no data changes.
   */
  private static void upgrade(Statement statement) throws SQLException {
    for (String ddl : SCHEMA.split(";")) {
      if (!ddl.isBlank()) {
        statement.execute(ddl);
      }
    }
    addColumnIfMissing(statement, "trials", "family", "TEXT");
    addColumnIfMissing(statement, "trials", "trained_on", "TEXT");
    addColumnIfMissing(statement, "trials", "training_s", "REAL");
    addColumnIfMissing(statement, "trials", "training_flops", "REAL");
    addColumnIfMissing(statement, "trials", "engine", "TEXT");
    addColumnIfMissing(statement, "trials", "optimization", "TEXT");
    addColumnIfMissing(statement, "trials", "provider", "TEXT");
    addColumnIfMissing(statement, "evaluations", "targets", "TEXT NOT NULL DEFAULT ''");
    addColumnIfMissing(statement, "evaluations", "residuals", "TEXT NOT NULL DEFAULT ''");
    addColumnIfMissing(statement, "evaluations", "predictions", "TEXT NOT NULL DEFAULT ''");
    addColumnIfMissing(statement, "evaluations", "labelled", "INTEGER NOT NULL DEFAULT 1");
  }

  /** Databases written before a column existed get it, empty, so that they can still be read and resumed. */
  private static void addColumnIfMissing(Statement statement, String table, String column, String type)
      throws SQLException {
    boolean present = false;
    try (ResultSet rs = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        present |= rs.getString("name").equals(column);
      }
    }
    if (!present) {
      statement.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
    }
  }

  public Path file() {
    return file;
  }

  /** Records the run and its plan; tasks already stored keep their state. */
  public void savePlan(String runId, Plan plan, Instant now) {
    transaction(() -> {
      try (PreparedStatement run = connection.prepareStatement(
          "INSERT OR IGNORE INTO run VALUES (?, ?, ?, ?, ?)")) {
        run.setString(1, runId);
        run.setString(2, plan.sweep().name());
        run.setString(3, plan.sweep().file().toString());
        run.setString(4, now.toString());
        run.setInt(5, dev.tierbench.common.protocol.Protocol.VERSION);
        run.executeUpdate();
      }
      try (PreparedStatement trial = connection.prepareStatement(
          "INSERT OR IGNORE INTO trials VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
              + " ?, ?, ?, ?, ?)")) {
        for (Trial t : plan.trials()) {
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
          trial.addBatch();
        }
        trial.executeBatch();
      }
      try (PreparedStatement exclusion = connection.prepareStatement(
          "INSERT OR REPLACE INTO exclusions VALUES (?, ?, ?)")) {
        for (Exclusion e : plan.exclusions()) {
          exclusion.setString(1, e.model());
          exclusion.setString(2, e.what());
          exclusion.setString(3, e.reason());
          exclusion.addBatch();
        }
        exclusion.executeBatch();
      }
      try (PreparedStatement task = connection.prepareStatement(
          "INSERT OR IGNORE INTO tasks (task_id, trial_id, tier, repetition, state, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
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

  /** Ids of tasks that already have a result. */
  public Set<String> completedTaskIds() {
    Set<String> ids = new HashSet<>();
    query("SELECT task_id FROM results", rs -> ids.add(rs.getString(1)));
    return ids;
  }

  /**
   * Stores a result and marks its task done, in one transaction.
   *
   * @return false if the task already had a result (a duplicate, nothing changed)
   */
  public boolean saveResult(TaskResult result, int attempt, LatencySummary summary, Instant receivedAt) {
    boolean[] inserted = {false};
    transaction(() -> {
      Measurement m = result.measurement();
      try (PreparedStatement insert = connection.prepareStatement("""
          INSERT OR IGNORE INTO results
          SELECT ?, trial_id, tier, repetition, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
          FROM tasks WHERE task_id = ?""")) {
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
        try (PreparedStatement metric = connection.prepareStatement(
            "INSERT INTO system_metrics VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          for (MetricSummary s : m.system()) {
            metric.setString(1, result.taskId());
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
        try (PreparedStatement operator = connection.prepareStatement(
            "INSERT INTO operator_times VALUES (?, ?, ?, ?, ?)")) {
          for (OperatorTime t : m.profile()) {
            operator.setString(1, result.taskId());
            operator.setString(2, t.operator());
            operator.setString(3, t.executor());
            operator.setInt(4, t.count());
            operator.setLong(5, t.nanosPerQuery());
            operator.addBatch();
          }
          operator.executeBatch();
        }
        if (result.evaluation() != null) {
          saveEvaluation(result.taskId(), result.evaluation());
        }
      }
    });
    return inserted[0];
  }

  private void saveEvaluation(String taskId, Evaluation e) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO evaluations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, taskId);
      insert.setString(2, e.dataset());
      insert.setInt(3, e.classification() ? 1 : 0);
      insert.setInt(4, e.samples());
      insert.setInt(5, e.correct());
      insert.setObject(6, Double.isNaN(e.macroF1()) ? null : e.macroF1());
      insert.setInt(7, e.classes());
      insert.setString(8, ints(e.confusion()));
      insert.setObject(9, Double.isNaN(e.r2()) ? null : e.r2());
      insert.setObject(10, Double.isNaN(e.mae()) ? null : e.mae());
      insert.setObject(11, Double.isNaN(e.rmse()) ? null : e.rmse());
      insert.setLong(12, e.nanos());
      insert.setString(13, floats(e.targets()));
      insert.setString(14, floats(e.residuals()));
      insert.setString(15, ints(e.predictions()));
      insert.setInt(16, e.labelled() ? 1 : 0);
      insert.executeUpdate();
    }
  }

  private java.util.Map<String, Evaluation> evaluations() {
    java.util.Map<String, Evaluation> evaluations = new java.util.HashMap<>();
    query("SELECT task_id, dataset, classification, samples, correct, macro_f1, classes, confusion, r2, mae, rmse,"
        + " evaluation_ns, targets, residuals, predictions, labelled FROM evaluations",
        rs -> evaluations.put(rs.getString(1), new Evaluation(rs.getString(2), rs.getInt(3) == 1, rs.getInt(16) == 1,
                rs.getInt(4), rs.getInt(5), nullable(rs, 6),
                rs.getInt(7), ints(rs.getString(8)), ints(rs.getString(15)), nullable(rs, 9), nullable(rs, 10),
                nullable(rs, 11), floats(rs.getString(13)), floats(rs.getString(14)), rs.getLong(12))));
    return evaluations;
  }

  private static String ints(int[] values) {
    return java.util.Arrays.stream(values).mapToObj(Integer::toString)
        .collect(java.util.stream.Collectors.joining(" "));
  }

  private static int[] ints(String text) {
    return text.isBlank() ? new int[0] : java.util.Arrays.stream(text.split(" ")).mapToInt(Integer::parseInt).toArray();
  }

  /** Per-sample values as text: exact (Float.toString round-trips), compact enough for held-out sets. */
  private static String floats(float[] values) {
    StringBuilder text = new StringBuilder();
    for (float v : values) {
      text.append(text.length() == 0 ? "" : " ").append(v);
    }
    return text.toString();
  }

  private static float[] floats(String text) {
    if (text.isBlank()) {
      return new float[0];
    }
    String[] parts = text.split(" ");
    float[] values = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Float.parseFloat(parts[i]);
    }
    return values;
  }

  /** A REAL column that may be NULL ("not available"), as NaN. */
  private static double nullable(ResultSet rs, int column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? Double.NaN : value;
  }

  /** Marks a task failed without any attempt (its model could not be used). */
  public void markFailed(String taskId, String reason, Instant at) {
    transaction(() -> updateTask(taskId, TaskState.FAILED, 0, reason, at));
  }

  public void saveAttempt(AttemptEnd end) {
    transaction(() -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO attempts (task_id, attempt, lease_id, agent_id, started_at, ended_at, outcome, reason)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
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
    try (PreparedStatement update = connection.prepareStatement(
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
  public void saveRoundTrips(String agentId, org.HdrHistogram.Histogram nanos) {
    transaction(() -> {
      try (PreparedStatement upsert = connection.prepareStatement(
          "INSERT OR REPLACE INTO round_trips VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        upsert.setString(1, agentId);
        upsert.setLong(2, nanos.getTotalCount());
        upsert.setDouble(3, nanos.getValueAtPercentile(50) / 1e6);
        upsert.setDouble(4, nanos.getValueAtPercentile(90) / 1e6);
        upsert.setDouble(5, nanos.getValueAtPercentile(99) / 1e6);
        upsert.setDouble(6, nanos.getMaxValue() / 1e6);
        upsert.setBytes(7, dev.tierbench.common.protocol.EncodedHistogram.of(nanos).bytes());
        upsert.executeUpdate();
      }
    });
  }

  public void saveAgent(AgentInfo agent, Instant at) {
    transaction(() -> {
      try (PreparedStatement upsert = connection.prepareStatement(
          "INSERT OR REPLACE INTO agents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        upsert.setString(1, agent.agentId());
        upsert.setString(2, agent.tier());
        upsert.setString(3, agent.hostname());
        upsert.setString(4, agent.os());
        upsert.setString(5, agent.arch());
        upsert.setInt(6, agent.cores());
        upsert.setLong(7, agent.memoryBytes());
        upsert.setString(8, agent.jvm());
        upsert.setString(9, agent.describeEngines());
        upsert.setString(10, new java.util.TreeMap<>(agent.labels()).toString());
        upsert.setString(11, at.toString());
        upsert.executeUpdate();
      }
    });
  }

  /** Every stored result with its trial's parameters and system metrics, in task order. */
  public List<StoredResult> results() {
    java.util.Map<String, Evaluation> evaluations = evaluations();
    java.util.Map<String, List<MetricSummary>> system = new java.util.HashMap<>();
    query("SELECT task_id, metric, samples, min, mean, max, p95 FROM system_metrics ORDER BY task_id, metric",
        rs -> system.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new MetricSummary(rs.getString(2),
            rs.getLong(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7))));
    java.util.Map<String, List<OperatorTime>> profiles = new java.util.HashMap<>();
    query("SELECT task_id, operator, executor, count, nanos_per_query FROM operator_times"
        + " ORDER BY task_id, nanos_per_query DESC, operator",
        rs -> profiles.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new OperatorTime(rs.getString(2),
            rs.getString(3), rs.getInt(4), rs.getLong(5))));
    List<StoredResult> results = new ArrayList<>();
    query("""
        SELECT r.task_id, r.trial_id, r.tier, r.repetition, r.agent_id, r.hostname, t.model_name, r.model_sha256,
               t.batch, t.threads, t.xnnpack, r.runtime, r.load_ns, r.first_inference_ns, r.warmup_queries,
               r.warmup_ns, r.stable, r.queries, r.duration_ns, r.capped, r.histogram, r.attempt, r.received_at,
               r.energy_j, r.disturbances
        FROM results r JOIN trials t ON t.trial_id = r.trial_id ORDER BY r.task_id""",
        rs -> {
          double energy = rs.getDouble(24);
          energy = rs.wasNull() ? Double.NaN : energy;
          String disturbances = rs.getString(25);
          results.add(new StoredResult(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
              rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getInt(10),
              rs.getInt(11) == 1, rs.getString(12), rs.getLong(13), rs.getLong(14), rs.getLong(15), rs.getLong(16),
              rs.getInt(17) == 1, rs.getLong(18), rs.getLong(19), rs.getInt(20) == 1,
              new EncodedHistogram(rs.getBytes(21)), rs.getInt(22), Instant.parse(rs.getString(23)),
              system.getOrDefault(rs.getString(1), List.of()), energy,
              disturbances.isEmpty() ? List.of() : List.of(disturbances.split("; ")),
              evaluations.get(rs.getString(1)), profiles.getOrDefault(rs.getString(1), List.of())));
        });
    return results;
  }

  /**
   * The whole run as stored now.
   *
   * @throws StoreException if the database holds no run (it was created but its plan never saved)
   */
  public StoredRun load() {
    List<Object[]> run = new ArrayList<>();
    query("SELECT run_id, sweep_name, sweep_file, created_at, protocol_version FROM run",
        rs -> run.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)}));
    if (run.isEmpty()) {
      throw new StoreException(file + " holds no run: its plan was never saved", null);
    }
    Object[] r = run.get(0);
    List<StoredTrial> trials = new ArrayList<>();
    query("""
        SELECT trial_id, model_name, model_sha256, model_bytes, COALESCE(family, model_name), batch, threads, xnnpack,
               scenario, rate, cpus, latency_bound_ns, warmup, min_duration_ms, min_queries, max_duration_ms,
               COALESCE(model_params, -1), COALESCE(model_macs, -1), COALESCE(model_flops, -1),
               COALESCE(model_weight_bytes, -1), COALESCE(model_peak_activation_bytes, -1),
               COALESCE(quantization, ''), model_problem, canonical, COALESCE(trained_on, ''), training_s,
               training_flops,
               COALESCE(engine, (SELECT CASE WHEN r.runtime LIKE 'ONNX Runtime%' THEN 'onnxruntime' ELSE 'tflite-2.6' END
                   FROM results r WHERE r.trial_id = trials.trial_id LIMIT 1), 'tflite-2.6'),
               COALESCE(optimization, 'all'), COALESCE(provider, 'cpu')
        FROM trials ORDER BY rowid""",
        rs -> trials.add(new StoredTrial(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
            rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getInt(8) == 1, rs.getString(9), rs.getDouble(10),
            rs.getString(11), rs.getLong(12), rs.getInt(13), rs.getLong(14), rs.getLong(15), rs.getLong(16),
            rs.getLong(17), rs.getLong(18), rs.getLong(19), rs.getLong(20), rs.getLong(21), rs.getString(22),
            rs.getString(23), rs.getString(24), rs.getString(25), nullable(rs, 26), nullable(rs, 27),
            rs.getString(28), rs.getString(29), rs.getString(30))));
    List<Exclusion> exclusions = new ArrayList<>();
    query("SELECT model, what, reason FROM exclusions ORDER BY rowid", rs -> exclusions.add(new Exclusion(
        rs.getString(1), rs.getString(2), rs.getString(3))));
    List<String> tiers = new ArrayList<>();
    query("SELECT tier FROM tasks GROUP BY tier ORDER BY MIN(rowid)", rs -> tiers.add(rs.getString(1)));
    int[] repetitions = {0};
    query("SELECT COALESCE(MAX(repetition), 0) FROM tasks", rs -> repetitions[0] = rs.getInt(1));
    List<StoredAgent> agents = new ArrayList<>();
    query("SELECT agent_id, tier, hostname, os, arch, cores, memory_bytes, jvm, engines, labels FROM agents"
        + " ORDER BY tier, agent_id", rs -> agents.add(new StoredAgent(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getLong(7), rs.getString(8),
            rs.getString(9), rs.getString(10))));
    return new StoredRun((String) r[0], (String) r[1], (String) r[2], Instant.parse((String) r[3]), (Integer) r[4],
        tiers, repetitions[0], trials, tasks(), results(), agents, exclusions);
  }

  public List<TaskRow> tasks() {
    List<TaskRow> tasks = new ArrayList<>();
    query("SELECT task_id, trial_id, tier, repetition, state, attempts, reason FROM tasks ORDER BY task_id",
        rs -> tasks.add(new TaskRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
            rs.getString(5), rs.getInt(6), rs.getString(7))));
    return tasks;
  }

  /** How many attempts were recorded for a task, with each outcome, in order. */
  public List<String> attemptOutcomes(String taskId) {
    List<String> outcomes = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT outcome FROM attempts WHERE task_id = ? ORDER BY id")) {
      select.setString(1, taskId);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          outcomes.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return outcomes;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close " + file + ": " + e.getMessage(), e);
    }
  }

  private interface SqlWork {
    void run() throws SQLException;
  }

  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  private void transaction(SqlWork work) {
    try {
      connection.setAutoCommit(false);
      try {
        work.run();
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private void query(String sql, RowReader reader) {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        reader.read(rs);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
