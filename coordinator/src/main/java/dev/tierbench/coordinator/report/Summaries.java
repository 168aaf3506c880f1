package dev.tierbench.coordinator.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.tierbench.common.metrics.SystemMetrics;
import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.protocol.MetricSummary;
import dev.tierbench.common.protocol.EncodedHistogram;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.stats.LatencySummary;
import dev.tierbench.coordinator.store.StoredResult;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.store.StoredTrial;
import dev.tierbench.coordinator.store.TaskRow;

/** Turns stored results into one {@link TrialSummary} per trial and tier, in plan order. */
public final class Summaries {

  private Summaries() {}

  public static List<TrialSummary> of(StoredRun run) {
    Map<String, List<StoredResult>> byGroup = new LinkedHashMap<>();
    for (StoredResult r : run.results()) {
      byGroup.computeIfAbsent(key(r.trialId(), r.tier()), k -> new ArrayList<>()).add(r);
    }
    Map<String, List<TaskRow>> failedByGroup = new LinkedHashMap<>();
    for (TaskRow t : run.tasks()) {
      if (t.state().equals("FAILED")) {
        failedByGroup.computeIfAbsent(key(t.trialId(), t.tier()), k -> new ArrayList<>()).add(t);
      }
    }
    List<TrialSummary> summaries = new ArrayList<>();
    for (StoredTrial trial : run.trials()) {
      for (String tier : run.tiers()) {
        String key = key(trial.trialId(), tier);
        summaries.add(summarize(trial, tier, run.repetitions(), byGroup.getOrDefault(key, List.of()),
            failedByGroup.getOrDefault(key, List.of())));
      }
    }
    return summaries;
  }

  private static TrialSummary summarize(StoredTrial trial, String tier, int repetitions,
      List<StoredResult> results, List<TaskRow> failed) {
    String failure = null;
    if (!failed.isEmpty()) {
      failure = (results.isEmpty() ? "" : failed.size() + " of " + repetitions + " repetitions failed: ")
          + failed.get(0).reason();
    } else if (results.size() < repetitions) {
      failure = "only " + results.size() + " of " + repetitions + " repetitions measured";
    }
    List<EncodedHistogram> histograms = results.stream().map(r -> r.measurement().latency()).toList();
    long queries = results.stream().mapToLong(r -> r.measurement().queries()).sum();
    long nanos = results.stream().mapToLong(r -> r.measurement().durationNanos()).sum();
    double qps = nanos == 0 ? 0 : queries * 1e9 / nanos;
    LatencySummary merged = LatencySummary.merged(histograms);
    long bound = trial.limits().latencyBound().toNanos();
    Boolean boundMet = bound == 0 || results.isEmpty() ? null : merged.p99() <= bound;
    double[] medians = results.stream().mapToDouble(r -> LatencySummary.of(r.measurement().latency().decode()).p50())
        .toArray();
    TrialParams params = trial.params();
    return new TrialSummary(trial.trialId(), trial.model().name(), trial.model().sha256(), trial.family(),
        params.batch(), params.threads(), params.xnnpack(), params.scenario().key(), params.rate(), params.cpus(),
        params.engine().key(),
        trial.axisValue("optimization"), trial.axisValue("provider"), trial.costs().parameters(),
        trial.costs().macs(), trial.costs().flops(), trial.model().bytes(), trial.costs().quantization(), tier,
        repetitions,
        results.size(), queries,
        merged, coefficientOfVariation(medians), (int) results.stream().filter(r -> r.measurement().stable()).count(),
        boundMet, qps, qps * params.batch(),
        median(results.stream().mapToDouble(r -> r.measurement().loadNanos() / 1e6).toArray()),
        median(results.stream().mapToDouble(r -> r.measurement().firstInferenceNanos() / 1e6).toArray()),
        String.join(", ", results.stream().map(r -> r.measurement().runtime()).distinct().toList()),
        new ArrayList<>(new TreeSet<>(results.stream().map(r -> r.receipt().hostname()).toList())),
        over(results, SystemMetrics.RSS, MetricSummary::max, true), over(results, SystemMetrics.CPU_PROCESS, MetricSummary::mean,
            false), over(results, SystemMetrics.TEMPERATURE, MetricSummary::max, true),
        joulesPerSample(results, params.batch()),
        new ArrayList<>(new java.util.LinkedHashSet<>(results.stream()
            .flatMap(r -> r.measurement().disturbances().stream()).toList())),
        failure, accuracy(results), r2(results));
  }

  /** The top-1 accuracy measured on the held-out set, or NaN. */
  private static double accuracy(List<StoredResult> results) {
    return StoredResult.evaluations(results, true).mapToDouble(Evaluation::accuracy).findFirst().orElse(Double.NaN);
  }

  /** R² on a regression held-out set, or NaN. */
  private static double r2(List<StoredResult> results) {
    return StoredResult.evaluations(results, false).mapToDouble(Evaluation::r2).findFirst().orElse(Double.NaN);
  }

  private static String key(String trialId, String tier) {
    return trialId + "\u0000" + tier;
  }

  /** A figure of one metric over the repetitions that sampled it: its largest, or its mean; NaN if none did. */
  private static double over(List<StoredResult> results, String metric,
      java.util.function.ToDoubleFunction<MetricSummary> figure, boolean largest) {
    double[] values = results.stream().map(r -> r.metric(metric)).filter(java.util.Optional::isPresent)
        .mapToDouble(m -> figure.applyAsDouble(m.get())).toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    return largest ? java.util.Arrays.stream(values).max().orElseThrow()
        : java.util.Arrays.stream(values).average().orElseThrow();
  }

  /** Energy over samples served, when every repetition measured energy; NaN otherwise. */
  private static double joulesPerSample(List<StoredResult> results, int batch) {
    if (results.isEmpty() || results.stream().anyMatch(r -> Double.isNaN(r.measurement().energyJoules()))) {
      return Double.NaN;
    }
    double joules = results.stream().mapToDouble(r -> r.measurement().energyJoules()).sum();
    long samples = results.stream().mapToLong(r -> r.measurement().queries()).sum() * batch;
    return samples == 0 ? Double.NaN : joules / samples;
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

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
