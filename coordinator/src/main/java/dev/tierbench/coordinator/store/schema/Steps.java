package dev.tierbench.coordinator.store.schema;

import java.util.List;

import dev.tierbench.coordinator.store.schema.Change.AddColumn;
import dev.tierbench.coordinator.store.schema.Change.AddTable;

/**
 * Every change of the run database's schema since the first tierbench, in order. Version 1 is the first release's
 * schema (commit 9bbbe74): the tables {@link #FIRST_TABLES}. A step is never edited once released: a new change is a
 * new step at the end, and {@link Tables} changes with it.
 */
final class Steps {

  /** The tables of version 1: a database without them is not a run database. */
  static final List<String> FIRST_TABLES = List.of("run", "trials", "tasks", "attempts", "agents", "results");

  static final String SYSTEM_METRICS = """
      task_id TEXT NOT NULL REFERENCES results(task_id), metric TEXT NOT NULL, samples INTEGER NOT NULL,
      min REAL NOT NULL, mean REAL NOT NULL, max REAL NOT NULL, p95 REAL NOT NULL, PRIMARY KEY (task_id, metric)""";
  static final String ROUND_TRIPS = """
      agent_id TEXT PRIMARY KEY, samples INTEGER NOT NULL, p50_ms REAL NOT NULL, p90_ms REAL NOT NULL,
      p99_ms REAL NOT NULL, max_ms REAL NOT NULL, histogram BLOB NOT NULL""";
  static final String OPERATOR_TIMES = """
      task_id TEXT NOT NULL REFERENCES results(task_id), operator TEXT NOT NULL, executor TEXT NOT NULL,
      count INTEGER NOT NULL, nanos_per_query INTEGER NOT NULL, PRIMARY KEY (task_id, operator, executor)""";
  static final String OPEN_LEASES = """
      lease_id TEXT PRIMARY KEY, task_id TEXT NOT NULL REFERENCES tasks(task_id), agent_id TEXT NOT NULL,
      attempt INTEGER NOT NULL, started_at TEXT NOT NULL""";
  static final String EXCLUSIONS = """
      model TEXT NOT NULL, what TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (model, what)""";

  // The defaults of columns added NOT NULL are what the earlier version did without saying so: every trial was
  // single-stream and unpinned, with no latency bound.
  static final List<SchemaStep> ALL = List.of(
      new SchemaStep(2, "b6859d4: what inspecting the model found (costs, quantization, problem); none before",
          trials("model_params", "INTEGER"), trials("model_macs", "INTEGER"), trials("model_flops", "INTEGER"),
          trials("model_weight_bytes", "INTEGER"), trials("model_peak_activation_bytes", "INTEGER"),
          trials("quantization", "TEXT"), trials("model_problem", "TEXT")),
      new SchemaStep(3, "7e07285: scenarios and warm-up until steady; earlier trials were single-stream with no"
          + " latency bound, and earlier results a fixed warm-up count (its time not kept, 0) that was not judged"
          + " (stable 1: nothing was said against it)",
          trials("scenario", "TEXT NOT NULL DEFAULT 'single-stream'"), trials("rate", "REAL NOT NULL DEFAULT 0"),
          trials("latency_bound_ns", "INTEGER NOT NULL DEFAULT 0"),
          results("warmup_ns", "INTEGER NOT NULL DEFAULT 0"), results("stable", "INTEGER NOT NULL DEFAULT 1")),
      new SchemaStep(4, "96634bc: system metrics, energy and disturbances of each result; none before",
          results("energy_j", "REAL"), results("disturbances", "TEXT NOT NULL DEFAULT ''"),
          new AddTable("system_metrics", SYSTEM_METRICS)),
      new SchemaStep(5, "33ef5d4: the cpus axis; earlier trials were not pinned ('')",
          trials("cpus", "TEXT NOT NULL DEFAULT ''")),
      new SchemaStep(6, "c766404: a trial's model family (NULL before: the model's name)", trials("family", "TEXT")),
      new SchemaStep(7, "270a898: evaluations on held-out sets", new AddTable("evaluations", """
          task_id TEXT PRIMARY KEY REFERENCES results(task_id), dataset TEXT NOT NULL, classification INTEGER NOT NULL,
          samples INTEGER NOT NULL, correct INTEGER NOT NULL, macro_f1 REAL, classes INTEGER NOT NULL,
          confusion TEXT NOT NULL, r2 REAL, mae REAL, rmse REAL, evaluation_ns INTEGER NOT NULL""")),
      new SchemaStep(8, "b63467b: how a trained variant was trained, its time and FLOPs",
          trials("trained_on", "TEXT"), trials("training_s", "REAL"), trials("training_flops", "REAL")),
      new SchemaStep(9, "c511230: a regression's target and residual per sample (none before: '')",
          evaluations("targets", "TEXT NOT NULL DEFAULT ''"), evaluations("residuals", "TEXT NOT NULL DEFAULT ''")),
      new SchemaStep(10, "776866b: a classifier's answer per sample (none before: '')",
          evaluations("predictions", "TEXT NOT NULL DEFAULT ''")),
      new SchemaStep(11, "10e8384: unlabelled sets (every earlier set was labelled) and the agents' round trips",
          evaluations("labelled", "INTEGER NOT NULL DEFAULT 1"), new AddTable("round_trips", ROUND_TRIPS)),
      new SchemaStep(12, "3317dd5: engine, optimization and provider axes (NULL before: read as the engine that"
          + " measured the trial), operator profiles, the plan's exclusions",
          trials("engine", "TEXT"), trials("optimization", "TEXT"), trials("provider", "TEXT"),
          new AddTable("operator_times", OPERATOR_TIMES), new AddTable("exclusions", EXCLUSIONS)),
      new SchemaStep(13, "leases open at each moment, which a restarted coordinator gives back to their agents (none"
          + " before: an earlier run resumes with every unfinished task queued)",
          new AddTable("open_leases", OPEN_LEASES)),
      new SchemaStep(14, "the agents' calibrated peaks (NULL before, and for an agent that sent none)",
          agents("matmul_gflops", "REAL"), agents("matmul_gflops_one_thread", "REAL"),
          agents("depthwise_gflops", "REAL"), agents("memory_gbps", "REAL")));

  private Steps() {}

  private static Change trials(String column, String type) {
    return new AddColumn("trials", column, type);
  }

  private static Change results(String column, String type) {
    return new AddColumn("results", column, type);
  }

  private static Change agents(String column, String type) {
    return new AddColumn("agents", column, type);
  }

  private static Change evaluations(String column, String type) {
    return new AddColumn("evaluations", column, type);
  }
}
