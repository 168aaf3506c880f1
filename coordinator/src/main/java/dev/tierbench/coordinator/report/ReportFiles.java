package dev.tierbench.coordinator.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tierbench.common.metrics.SystemMetrics;
import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.MetricSummary;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.stats.LatencySummary;
import dev.tierbench.coordinator.analysis.Repetition;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.Variants;
import dev.tierbench.coordinator.store.ModelCosts;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.store.StoredResult;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.store.StoredTrial;
import dev.tierbench.coordinator.store.TaskRow;

/** Writes {@code results.csv} (a row per task) and {@code results.json} (run, trials, results, failures). */
public final class ReportFiles {

  /** How every latency in tierbench's output was measured; stated in each report. */
  public static final String CONVENTION = "latency: wall-clock time of one inference call (inputs copied in,"
      + " model run, outputs copied out) through the trial's engine (TFLite's interpreter, or an ONNX Runtime"
      + " session) with preallocated buffers, after warm-up; quantiles from HdrHistogram (3 significant digits),"
      + " merged across repetitions; samples/s = batch x queries / measured time";

  private static final String[] CSV_HEADER = {
      "run_id", "task_id", "trial_id", "status", "model", "model_sha256", "model_params", "model_macs",
      "model_flops", "quantization", "scenario", "rate", "cpus", "batch", "threads", "xnnpack", "engine", "optimization",
      "provider", "tier", "repetition",
      "attempt", "agent", "hostname", "runtime", "load_ms", "first_inference_ms", "warmup_queries", "warmup_s",
      "stable", "queries", "duration_s", "queries_per_s", "samples_per_s", "p50_ms", "p90_ms", "p95_ms", "p99_ms",
      "p999_ms", "max_ms", "mean_ms", "capped", "cpu_process_mean", "cpu_system_mean", "rss_peak_bytes",
      "temperature_max_c", "cpu_frequency_min_hz", "energy_j", "joules_per_query", "disturbances", "eval_dataset",
      "eval_samples", "accuracy", "macro_f1", "r2", "mae", "rmse", "eval_ms", "error"};

  private ReportFiles() {}

  /** @param variants the run's variants, as {@link Variants#of} gives them */
  public static void write(Path folder, StoredRun run, List<Variant> variants) throws IOException {
    Map<String, Repetition> byTask = byTask(variants);
    writeCsv(folder.resolve(RunFolders.RESULTS_CSV), run, byTask);
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("run", RunDescription.of(run));
    document.put("trials", TrialRows.of(run, variants));
    document.put("results", resultRows(run, byTask));
    document.put("failures", run.tasks().stream().filter(t -> t.state().equals("FAILED")).toList());
    Json.write(folder.resolve(RunFolders.RESULTS_JSON), document);
  }

  /** Each measured task's repetition: its latencies decoded once, with the variant. */
  private static Map<String, Repetition> byTask(List<Variant> variants) {
    Map<String, Repetition> byTask = new LinkedHashMap<>();
    variants.forEach(v -> v.repetitions().forEach(r -> byTask.put(r.taskId(), r)));
    return byTask;
  }

  private static void writeCsv(Path file, StoredRun run, Map<String, Repetition> repetitions) throws IOException {
    Map<String, StoredResult> byTask = new LinkedHashMap<>();
    run.results().forEach(r -> byTask.put(r.taskId(), r));
    Map<String, StoredTrial> trials = new LinkedHashMap<>();
    run.trials().forEach(t -> trials.put(t.trialId(), t));
    try (Writer out = Files.newBufferedWriter(file)) {
      out.write(Csv.line(List.of(CSV_HEADER)));
      for (TaskRow task : run.tasks()) {
        StoredTrial trial = trials.get(task.trialId());
        StoredResult r = byTask.get(task.taskId());
        ModelCosts costs = trial.costs();
        TrialParams params = trial.params();
        boolean inspected = costs.inspected();
        List<Object> row = new ArrayList<>(List.of(run.runId(), task.taskId(), task.trialId(),
            r != null ? "ok" : task.state().toLowerCase(Locale.ROOT), trial.model().name(), trial.model().sha256(),
            inspected ? costs.parameters() : "", inspected ? costs.macs() : "",
            inspected ? costs.flops() : "", costs.quantization(), params.scenario().key(), params.rate(), params.cpus(),
            params.batch(), params.threads(), trial.axisValue("xnnpack"), params.engine().key(),
            trial.axisValue("optimization"), trial.axisValue("provider"), task.tier(), task.repetition()));
        if (r != null) {
          Measurement m = r.measurement();
          LatencySummary s = repetitions.get(task.taskId()).latency().summary();
          row.addAll(List.of(r.receipt().attempt(), r.receipt().agentId(), r.receipt().hostname(), m.runtime(),
              ms(m.loadNanos()), ms(m.firstInferenceNanos()), m.warmupQueries(), Csv.number(m.warmupNanos() / 1e9),
              m.stable(), m.queries(), Csv.number(m.durationNanos() / 1e9), Csv.number(m.queriesPerSecond()),
              Csv.number(m.queriesPerSecond() * params.batch()), ms(s.p50()),
              ms(s.p90()), ms(s.p95()), ms(s.p99()), ms(s.p999()), ms(s.max()), Csv.number(s.mean() / 1e6), m.capped(),
              figure(r, SystemMetrics.CPU_PROCESS, MetricSummary::mean), figure(r, SystemMetrics.CPU_SYSTEM, MetricSummary::mean),
              figure(r, SystemMetrics.RSS, MetricSummary::max), figure(r, SystemMetrics.TEMPERATURE, MetricSummary::max),
              figure(r, SystemMetrics.CPU_FREQUENCY, MetricSummary::min),
              Csv.number(m.energyJoules()),
              Csv.number(m.energyJoules() / m.queries()),
              String.join("; ", m.disturbances())));
          row.addAll(evaluationCells(r.evaluation()));
          row.add("");
        } else {
          row.add(task.attempts());
          for (int i = row.size(); i < CSV_HEADER.length - 1; i++) {
            row.add("");
          }
          row.add(task.reason() == null ? "" : task.reason());
        }
        out.write(Csv.line(row));
      }
    }
  }

  /** Every measured task with its figures and compressed histogram: results.json's and the API's shape. */
  public static List<Map<String, Object>> resultRows(StoredRun run) {
    return resultRows(run, byTask(Variants.of(run)));
  }

  private static List<Map<String, Object>> resultRows(StoredRun run, Map<String, Repetition> repetitions) {
    return run.results().stream().map(r -> resultRow(r, repetitions.get(r.taskId()))).toList();
  }

  private static Map<String, Object> resultRow(StoredResult r, Repetition repetition) {
    Measurement m = r.measurement();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("taskId", r.taskId());
    row.put("trialId", r.trialId());
    row.put("tier", r.tier());
    row.put("repetition", r.repetition());
    row.put("attempt", r.receipt().attempt());
    row.put("agent", r.receipt().agentId());
    row.put("hostname", r.receipt().hostname());
    row.put("runtime", m.runtime());
    row.put("loadNanos", m.loadNanos());
    row.put("firstInferenceNanos", m.firstInferenceNanos());
    row.put("warmupQueries", m.warmupQueries());
    row.put("warmupNanos", m.warmupNanos());
    row.put("stable", m.stable());
    row.put("queries", m.queries());
    row.put("durationNanos", m.durationNanos());
    row.put("capped", m.capped());
    row.put("latencyNanos", repetition.latency().summary());
    row.put("histogram", java.util.Base64.getEncoder().encodeToString(m.latency().bytes()));
    row.put("system", m.system());
    row.put("energyJoules", m.energyJoules());
    row.put("disturbances", m.disturbances());
    row.put("evaluation", r.evaluation());
    row.put("profile", m.profile());
    return row;
  }

  /** The evaluation's columns; empty when the task carried no held-out set. */
  private static List<Object> evaluationCells(Evaluation e) {
    if (e == null) {
      return List.of("", "", "", "", "", "", "", "");
    }
    // A set without labels has no accuracy to state, not an accuracy of zero.
    return List.of(e.dataset(), e.samples(), e.labelled() ? Csv.number(e.accuracy()) : "", Csv.number(e.macroF1()),
        Csv.number(e.r2()),
        Csv.number(e.mae()), Csv.number(e.rmse()), Csv.number(e.nanos() / 1e6));
  }

  /** A metric's figure for the CSV; empty when it was not sampled (never a made-up zero). */
  private static String figure(StoredResult r, String metric,
      java.util.function.ToDoubleFunction<MetricSummary> which) {
    return r.metric(metric).map(m -> Csv.number(which.applyAsDouble(m))).orElse("");
  }

  private static String ms(long nanos) {
    return Csv.number(nanos / 1e6);
  }
}
