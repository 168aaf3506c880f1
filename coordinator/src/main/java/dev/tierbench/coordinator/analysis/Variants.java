package dev.tierbench.coordinator.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tierbench.common.metrics.SystemMetrics;
import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.MetricSummary;
import dev.tierbench.coordinator.store.StoredResult;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.store.StoredTrial;

/** The variants of a run (every trial on every tier that has at least one result), in plan order. */
public final class Variants {

  private Variants() {}

  public static List<Variant> of(StoredRun run) {
    Map<String, List<StoredResult>> byVariant = new HashMap<>();
    for (StoredResult r : run.results()) {
      byVariant.computeIfAbsent(Variant.id(r.trialId(), r.tier()), k -> new ArrayList<>()).add(r);
    }
    List<Variant> variants = new ArrayList<>();
    for (StoredTrial trial : run.trials()) {
      for (String tier : run.tiers()) {
        List<StoredResult> results = byVariant.get(Variant.id(trial.trialId(), tier));
        if (results != null) {
          variants.add(variant(trial, tier, results));
        }
      }
    }
    return variants;
  }

  private static Variant variant(StoredTrial trial, String tier, List<StoredResult> results) {
    Map<String, String> axes = axes(trial);
    List<Repetition> repetitions = results.stream().map(Variants::repetition).toList();
    return new Variant(trial.trialId(), tier, trial.model().name(), trial.family(), trial.costs().quantization(),
        axes, trial.costs().flops(), trial.costs().macs(), trial.costs().parameters(), trial.model().bytes(),
        trial.params().batch(), !trial.params().scenario().key().equals("server"), repetitions, accuracy(results),
        trial.training().seconds(), trial.training().flops(), regression(results));
  }

  /**
   * The accuracy the agent measured on the variant's held-out set; null ("not available") for a regression set,
   * a set without labels, or none.
   */
  private static Accuracy accuracy(List<StoredResult> results) {
    return StoredResult.evaluations(results, true).filter(Evaluation::labelled).findFirst()
        .map(e -> new Accuracy(e.dataset(), e.correct(), e.samples())).orElse(null);
  }

  /** The regression answers on the held-out set, when the agent kept them per sample; null without. */
  private static Regression regression(List<StoredResult> results) {
    return StoredResult.evaluations(results, false).filter(e -> e.targets().length > 0).findFirst()
        .map(e -> new Regression(e.dataset(), e.targets(), e.residuals())).orElse(null);
  }

  private static Repetition repetition(StoredResult r) {
    Map<String, Double> figures = new HashMap<>();
    r.metric(SystemMetrics.RSS).ifPresent(m -> figures.put(Repetition.RSS_PEAK_BYTES, m.max()));
    r.metric(SystemMetrics.CPU_PROCESS).ifPresent(m -> figures.put(Repetition.CPU_MEAN_RATIO, m.mean()));
    r.metric(SystemMetrics.TEMPERATURE).map(MetricSummary::max).ifPresent(t -> figures.put(Repetition.TEMPERATURE_MAX_C, t));
    if (!Double.isNaN(r.measurement().energyJoules())) {
      figures.put(Repetition.ENERGY_J, r.measurement().energyJoules());
    }
    Measurement m = r.measurement();
    figures.put(Repetition.LOAD_MS, m.loadNanos() / 1e6);
    figures.put(Repetition.FIRST_INFERENCE_MS, m.firstInferenceNanos() / 1e6);
    return new Repetition(r.taskId(), LatencyDistribution.of(m.latency().decode()), m.queries(), m.durationNanos(),
        figures, m.stable(), r.receipt().hostname(), m.runtime(), m.disturbances());
  }

  /**
   * The axes whose value differs between variants: the ones a label needs. An axis a variant's engine does not take
   * (XNNPACK on ONNX Runtime) does not make it differ.
   */
  public static List<String> varyingAxes(List<Variant> variants) {
    return varyingAxesOf(variants.stream().map(Variant::axes).toList());
  }

  /** {@link #varyingAxes} over axis settings as {@link #axes} gives them: of trials planned, measured or not. */
  public static List<String> varyingAxesOf(List<Map<String, String>> settings) {
    List<String> varying = new ArrayList<>();
    if (settings.isEmpty()) {
      return varying;
    }
    for (String axis : settings.get(0).keySet()) {
      Set<String> values = new LinkedHashSet<>();
      settings.forEach(a -> values.add(a.get(axis)));
      values.remove(StoredTrial.NOT_APPLICABLE);
      if (values.size() > 1) {
        varying.add(axis);
      }
    }
    return varying;
  }

  /** A trial's sweep settings, every axis of {@link StoredTrial#AXES} in order: what labels are made of. */
  public static Map<String, String> axes(StoredTrial trial) {
    Map<String, String> axes = new LinkedHashMap<>();
    StoredTrial.AXES.forEach(axis -> axes.put(axis, trial.axisValue(axis)));
    return axes;
  }
}
