package dev.tierbench.coordinator.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeSet;

import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.stats.LatencySummary;
import dev.tierbench.coordinator.analysis.MergedLatencies;
import dev.tierbench.coordinator.analysis.Metric;
import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Repetition;
import dev.tierbench.coordinator.analysis.Resample;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.VariantSampler;
import dev.tierbench.coordinator.analysis.Variants;
import dev.tierbench.coordinator.store.ModelCosts;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.store.StoredTrial;
import dev.tierbench.coordinator.store.TaskRow;

/**
 * A {@link TrialRow} per trial and tier, in plan order, read off the run's {@link Variants}: every figure is its
 * metric's point estimate, so the table, the results files, the API and the report say what the analysis says.
 */
public final class TrialRows {

  private static final Metric THROUGHPUT = metric("throughput");
  private static final Metric PEAK_RSS_MB = metric("peak_rss_mb");
  private static final Metric CPU_PERCENT = metric("cpu_percent");
  private static final Metric TEMPERATURE = metric("temperature_c");
  private static final Metric ENERGY = metric("energy_per_inference_j");
  private static final Metric LOAD = metric("load_ms");
  private static final Metric FIRST_INFERENCE = metric("first_inference_ms");
  private static final Metric ACCURACY = metric("accuracy");
  private static final Metric R2 = metric("r2");

  private TrialRows() {}

  public static List<TrialRow> of(StoredRun run) {
    return of(run, Variants.of(run));
  }

  /** @param variants the run's variants, as {@link Variants#of} gives them */
  public static List<TrialRow> of(StoredRun run, List<Variant> variants) {
    Map<String, Variant> byId = new LinkedHashMap<>();
    variants.forEach(v -> byId.put(v.id(), v));
    Map<String, List<TaskRow>> failed = new LinkedHashMap<>();
    Set<String> skipped = new HashSet<>();
    for (TaskRow t : run.tasks()) {
      if (t.state().equals("FAILED")) {
        failed.computeIfAbsent(Variant.id(t.trialId(), t.tier()), k -> new ArrayList<>()).add(t);
      } else if (t.state().equals("SKIPPED")) {
        skipped.add(Variant.id(t.trialId(), t.tier()));
      }
    }
    List<TrialRow> rows = new ArrayList<>();
    for (StoredTrial trial : run.trials()) {
      for (String tier : run.tiers()) {
        String id = Variant.id(trial.trialId(), tier);
        rows.add(row(trial, tier, run.repetitions(), byId.get(id), failed.getOrDefault(id, List.of()),
            skipped.contains(id) && !byId.containsKey(id)));
      }
    }
    return rows;
  }

  private static TrialRow row(StoredTrial trial, String tier, int repetitions, Variant variant, List<TaskRow> failed,
      boolean predicted) {
    List<Repetition> measured = variant == null ? List.of() : variant.repetitions();
    Resample asMeasured = variant == null ? null : new VariantSampler(variant).asMeasured();
    LatencySummary latency = new MergedLatencies(measured.stream().map(Repetition::latency).toList()).summary();
    long bound = trial.limits().latencyBound().toNanos();
    double samplesPerSecond = figure(THROUGHPUT, asMeasured);
    TrialParams params = trial.params();
    ModelCosts costs = trial.costs();
    return new TrialRow(trial.trialId(), trial.model().name(), trial.model().sha256(), trial.family(), params.batch(),
        params.threads(), params.xnnpack(), params.scenario().key(), params.rate(), params.cpus(), params.engine().key(),
        trial.axisValue("optimization"), trial.axisValue("provider"), costs.parameters(), costs.macs(), costs.flops(),
        trial.model().bytes(), costs.quantization(), tier, repetitions, measured.size(),
        measured.stream().mapToLong(Repetition::queries).sum(), latency, coefficientOfVariation(medians(measured)),
        (int) measured.stream().filter(Repetition::stable).count(),
        bound == 0 || variant == null ? null : latency.p99() <= bound,
        Double.isNaN(samplesPerSecond) ? 0 : samplesPerSecond / params.batch(),
        Double.isNaN(samplesPerSecond) ? 0 : samplesPerSecond,
        figure(LOAD, asMeasured), figure(FIRST_INFERENCE, asMeasured),
        String.join(", ", measured.stream().map(Repetition::runtime).distinct().toList()),
        new ArrayList<>(new TreeSet<>(measured.stream().map(Repetition::host).toList())),
        // Bytes are whole numbers: rounding undoes the metric's scaling to MB exactly.
        Math.rint(figure(PEAK_RSS_MB, asMeasured) * 1e6), figure(CPU_PERCENT, asMeasured) / 100,
        figure(TEMPERATURE, asMeasured), figure(ENERGY, asMeasured),
        new ArrayList<>(new LinkedHashSet<>(measured.stream().flatMap(r -> r.disturbances().stream()).toList())),
        predicted ? null : failure(repetitions, measured.size(), failed), figure(ACCURACY, asMeasured),
        figure(R2, asMeasured), predicted);
  }

  private static String failure(int repetitions, int measured, List<TaskRow> failed) {
    if (!failed.isEmpty()) {
      return (measured == 0 ? "" : failed.size() + " of " + repetitions + " repetitions failed: ")
          + failed.get(0).reason();
    }
    return measured < repetitions ? "only " + measured + " of " + repetitions + " repetitions measured" : null;
  }

  private static double figure(Metric metric, Resample asMeasured) {
    return asMeasured == null ? Double.NaN : metric.of(asMeasured);
  }

  private static double[] medians(List<Repetition> repetitions) {
    return repetitions.stream().mapToDouble(r -> r.latency().summary().p50()).toArray();
  }

  /** Standard deviation over mean (sample standard deviation); NaN for fewer than two values. */
  static double coefficientOfVariation(double[] values) {
    if (values.length < 2) {
      return Double.NaN;
    }
    double mean = java.util.Arrays.stream(values).average().orElseThrow();
    double squares = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
    return Math.sqrt(squares / (values.length - 1)) / mean;
  }

  private static Metric metric(String name) {
    return MetricCatalog.find(name).orElseThrow();
  }
}
