package dev.tierbench.coordinator.store.schema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tables of a new run database, at the latest schema version, each with its columns. A database written by an
 * earlier version reaches the same tables and columns through the {@link Steps}, with its columns perhaps in
 * another order.
 */
final class Tables {

  /** Table name → its column definitions, in the order a new database has them. */
  static final Map<String, String> LATEST = new LinkedHashMap<>();

  static {
    LATEST.put("run", """
        run_id TEXT PRIMARY KEY, sweep_name TEXT NOT NULL, sweep_file TEXT NOT NULL, created_at TEXT NOT NULL,
        protocol_version INTEGER NOT NULL""");
    LATEST.put("trials", """
        trial_id TEXT PRIMARY KEY, model_name TEXT NOT NULL, model_sha256 TEXT NOT NULL, model_bytes INTEGER NOT NULL,
        batch INTEGER NOT NULL, threads INTEGER NOT NULL, xnnpack INTEGER NOT NULL, scenario TEXT NOT NULL,
        rate REAL NOT NULL, cpus TEXT NOT NULL, latency_bound_ns INTEGER NOT NULL, warmup INTEGER NOT NULL,
        min_duration_ms INTEGER NOT NULL, min_queries INTEGER NOT NULL, max_duration_ms INTEGER NOT NULL,
        canonical TEXT NOT NULL, model_params INTEGER, model_macs INTEGER, model_flops INTEGER,
        model_weight_bytes INTEGER, model_peak_activation_bytes INTEGER, quantization TEXT, model_problem TEXT,
        family TEXT, trained_on TEXT, training_s REAL, training_flops REAL, engine TEXT, optimization TEXT,
        provider TEXT""");
    LATEST.put("tasks", """
        task_id TEXT PRIMARY KEY, trial_id TEXT NOT NULL REFERENCES trials(trial_id), tier TEXT NOT NULL,
        repetition INTEGER NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, reason TEXT,
        updated_at TEXT NOT NULL""");
    LATEST.put("attempts", """
        id INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT NULL REFERENCES tasks(task_id),
        attempt INTEGER NOT NULL, lease_id TEXT, agent_id TEXT NOT NULL, started_at TEXT, ended_at TEXT NOT NULL,
        outcome TEXT NOT NULL, reason TEXT""");
    LATEST.put("open_leases", Steps.OPEN_LEASES);
    LATEST.put("agents", """
        agent_id TEXT PRIMARY KEY, tier TEXT NOT NULL, hostname TEXT NOT NULL, os TEXT, arch TEXT,
        cores INTEGER, memory_bytes INTEGER, jvm TEXT, engines TEXT, labels TEXT, registered_at TEXT NOT NULL,
        matmul_gflops REAL, matmul_gflops_one_thread REAL, depthwise_gflops REAL, memory_gbps REAL""");
    LATEST.put("round_trips", Steps.ROUND_TRIPS);
    LATEST.put("results", """
        task_id TEXT PRIMARY KEY REFERENCES tasks(task_id), trial_id TEXT NOT NULL REFERENCES trials(trial_id),
        tier TEXT NOT NULL, repetition INTEGER NOT NULL, agent_id TEXT NOT NULL, hostname TEXT NOT NULL,
        lease_id TEXT NOT NULL, attempt INTEGER NOT NULL, model_sha256 TEXT NOT NULL, runtime TEXT NOT NULL,
        load_ns INTEGER NOT NULL, first_inference_ns INTEGER NOT NULL, warmup_queries INTEGER NOT NULL,
        warmup_ns INTEGER NOT NULL, stable INTEGER NOT NULL,
        queries INTEGER NOT NULL, duration_ns INTEGER NOT NULL, capped INTEGER NOT NULL,
        p50_ns INTEGER NOT NULL, p90_ns INTEGER NOT NULL, p99_ns INTEGER NOT NULL, p999_ns INTEGER NOT NULL,
        max_ns INTEGER NOT NULL, mean_ns REAL NOT NULL, histogram BLOB NOT NULL, started_at TEXT NOT NULL,
        received_at TEXT NOT NULL, energy_j REAL, disturbances TEXT NOT NULL""");
    LATEST.put("system_metrics", Steps.SYSTEM_METRICS);
    LATEST.put("evaluations", """
        task_id TEXT PRIMARY KEY REFERENCES results(task_id), dataset TEXT NOT NULL, classification INTEGER NOT NULL,
        samples INTEGER NOT NULL, correct INTEGER NOT NULL, macro_f1 REAL, classes INTEGER NOT NULL,
        confusion TEXT NOT NULL, r2 REAL, mae REAL, rmse REAL, evaluation_ns INTEGER NOT NULL, targets TEXT NOT NULL,
        residuals TEXT NOT NULL, predictions TEXT NOT NULL, labelled INTEGER NOT NULL DEFAULT 1""");
    LATEST.put("operator_times", Steps.OPERATOR_TIMES);
    LATEST.put("exclusions", Steps.EXCLUSIONS);
  }

  private Tables() {}

  /** Makes every table in {@code db}, which has none. */
  static void create(dev.tierbench.coordinator.store.Database db) {
    LATEST.forEach((table, columns) -> new Change.AddTable(table, columns).applyTo(db));
  }
}
