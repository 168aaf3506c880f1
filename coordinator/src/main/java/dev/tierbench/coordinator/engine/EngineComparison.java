package dev.tierbench.coordinator.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tierbench.common.protocol.Engine;
import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.store.StoredResult;
import dev.tierbench.coordinator.store.StoredRun;

/**
 * One variant on one tier measured with several engines: the same model and weights at the same batch size,
 * threads and scenario, each engine's median latency (merged over repetitions) and its ratio to the reference, the
 * first of current TFLite with XNNPACK (TFLite as it is deployed), or else the first engine measured.
 *
 * @param variant the model and the settings that tell it apart from its siblings, engines left out
 */
public record EngineComparison(String tier, String variant, List<EngineLatency> engines) {

  /**
   * One engine's figure.
   *
   * @param engine the engine and its own settings: "tflite, xnnpack on", "onnxruntime"
   * @param runtime what measured it, at its exact version: "TFLite 2.20.0"
   * @param ratio this p50 over the reference's (1 for the reference)
   */
  public record EngineLatency(String engine, String runtime, double p50Ms, double ratio) {}

  /** The settings that belong to an engine: left out of what makes two variants the same. */
  static final Set<String> ENGINE_AXES = Set.of("engine", "xnnpack", "optimization", "provider");

  /** Every variant measured on more than one engine setting, in the run's order; none when one engine ran all. */
  public static List<EngineComparison> of(StoredRun run, List<Variant> variants, List<String> labelAxes) {
    return of(variants, labelAxes, v -> runtime(run, v));
  }

  /** @param runtime what measured a variant, at its exact version */
  static List<EngineComparison> of(List<Variant> variants, List<String> labelAxes,
      java.util.function.Function<Variant, String> runtime) {
    if (variants.stream().map(v -> v.axes().get("engine")).distinct().count() < 2) {
      return List.of();
    }
    List<String> shared = labelAxes.stream().filter(a -> !ENGINE_AXES.contains(a)).toList();
    Map<String, List<Variant>> groups = new LinkedHashMap<>();
    for (Variant v : variants) {
      groups.computeIfAbsent(v.tier() + "|" + v.family() + "|" + v.describe(shared) + "|" + sharedAxes(v),
          k -> new ArrayList<>()).add(v);
    }
    List<EngineComparison> comparisons = new ArrayList<>();
    for (List<Variant> group : groups.values()) {
      if (group.size() < 2) {
        continue;
      }
      Variant reference = group.stream().filter(v -> engine(v).equals(Engine.TFLITE.key() + ", xnnpack on"))
          .findFirst().orElse(group.get(0));
      double referenceP50 = p50(reference);
      List<EngineLatency> engines = group.stream().map(v -> new EngineLatency(engine(v), runtime.apply(v), p50(v),
          p50(v) / referenceP50)).toList();
      comparisons.add(new EngineComparison(group.get(0).tier(), group.get(0).describe(shared), engines));
    }
    return comparisons;
  }

  /** "tflite, xnnpack on", "onnxruntime", "onnxruntime, optimization basic, provider cuda". */
  public static String engine(Variant v) {
    Map<String, String> axes = v.axes();
    String engine = axes.get("engine");
    if (!engine.equals(Engine.ONNXRUNTIME.key())) {
      return engine + ", xnnpack " + (Boolean.parseBoolean(axes.get("xnnpack")) ? "on" : "off");
    }
    return engine + (axes.get("optimization").equals("all") ? "" : ", optimization " + axes.get("optimization"))
        + (axes.get("provider").equals("cpu") ? "" : ", provider " + axes.get("provider"));
  }

  private static String sharedAxes(Variant v) {
    Map<String, String> axes = new LinkedHashMap<>(v.axes());
    axes.keySet().removeAll(ENGINE_AXES);
    return axes.toString();
  }

  private static double p50(Variant v) {
    return MetricCatalog.find("p50_ms").orElseThrow().value(v);
  }

  /** The runtimes that measured the variant, at their exact versions (one, unless agents differ). */
  private static String runtime(StoredRun run, Variant v) {
    Set<String> runtimes = new LinkedHashSet<>();
    for (StoredResult r : run.results()) {
      if (r.trialId().equals(v.trialId()) && r.tier().equals(v.tier())) {
        runtimes.add(r.measurement().runtime());
      }
    }
    return String.join(", ", runtimes);
  }
}
