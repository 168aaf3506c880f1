package dev.tierbench.coordinator.quantization;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.engine.EngineComparison;
import dev.tierbench.coordinator.store.StoredRun;

/**
 * What int8 costs and buys on one tier and engine: a quantized variant against its float32 twin (the same variant
 * of the same family, with the same settings and engine, that differs only in {@code quantize}), both measured on
 * the agent: the median latency of each and their ratio, and where both were scored, the accuracy before and after
 * and its drop in points (NaN without scores).
 *
 * @param engine the engine and its settings, as the engine comparison names them ("tflite, xnnpack on")
 * @param latencyRatio int8's p50 over float32's: below 1, int8 is faster
 */
public record QuantizationCost(String tier, String engine, int batch, String model, String floatModel, double floatAccuracy,
    double int8Accuracy, double drop, double floatP50Ms, double int8P50Ms, double latencyRatio) {

  private static final String QUANTIZE = "-quantize(int8|float32)";

  /** Every int8 variant with a float32 twin on its tier, in the run's order; none when the run has no pairs. */
  public static List<QuantizationCost> of(StoredRun run, List<Variant> variants) {
    Map<String, String> quantization = new HashMap<>();
    run.trials().forEach(t -> quantization.put(t.trialId(), t.costs().quantization()));
    Map<String, Variant> floats = new HashMap<>();
    for (Variant v : variants) {
      if ("float32".equals(quantization.get(v.trialId()))) {
        floats.put(twinKey(v), v);
      }
    }
    List<QuantizationCost> costs = new ArrayList<>();
    for (Variant v : variants) {
      Variant twin = floats.get(twinKey(v));
      if (!"int8".equals(quantization.get(v.trialId())) || twin == null) {
        continue;
      }
      double before = twin.accuracy() == null ? Double.NaN : twin.accuracy().ratio();
      double after = v.accuracy() == null ? Double.NaN : v.accuracy().ratio();
      costs.add(new QuantizationCost(v.tier(), EngineComparison.engine(v), v.batch(), v.model(), twin.model(), before, after,
          before - after, p50(twin), p50(v), p50(v) / p50(twin)));
    }
    return costs;
  }

  private static String twinKey(Variant v) {
    return v.tier() + "|" + v.family() + "|" + v.axes() + "|" + v.model().replaceAll(QUANTIZE, "");
  }

  private static double p50(Variant v) {
    return MetricCatalog.find("p50_ms").orElseThrow().value(v);
  }
}
