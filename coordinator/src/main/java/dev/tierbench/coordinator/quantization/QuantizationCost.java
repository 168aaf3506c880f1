package dev.tierbench.coordinator.quantization;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.VariantSampler;
import dev.tierbench.coordinator.store.StoredRun;

/**
 * What int8 costs and buys on one tier: a quantized variant against its float32 twin (the same variant of the
 * same family, with the same settings, that differs only in {@code quantize}), both measured and scored on the
 * agent: accuracy before and after, its drop in points, and the median latency of each.
 */
public record QuantizationCost(String tier, String model, String floatModel, double floatAccuracy,
    double int8Accuracy, double drop, double floatP50Ms, double int8P50Ms) {

  private static final String QUANTIZE = "-quantize(int8|float32)";

  /** Every int8 variant with a float32 twin on its tier, in the run's order; none when the run has no pairs. */
  public static List<QuantizationCost> of(StoredRun run, List<Variant> variants) {
    Map<String, String> quantization = new HashMap<>();
    run.trials().forEach(t -> quantization.put(t.trialId(), t.quantization()));
    Map<String, Variant> floats = new HashMap<>();
    for (Variant v : variants) {
      if ("float32".equals(quantization.get(v.trialId()))) {
        floats.put(twinKey(v), v);
      }
    }
    List<QuantizationCost> costs = new ArrayList<>();
    for (Variant v : variants) {
      Variant twin = floats.get(twinKey(v));
      if (!"int8".equals(quantization.get(v.trialId())) || twin == null || v.accuracy() == null
          || twin.accuracy() == null) {
        continue;
      }
      double before = twin.accuracy().ratio();
      double after = v.accuracy().ratio();
      costs.add(new QuantizationCost(v.tier(), v.model(), twin.model(), before, after, before - after, p50(twin),
          p50(v)));
    }
    return costs;
  }

  private static String twinKey(Variant v) {
    return v.tier() + "|" + v.family() + "|" + v.axes() + "|" + v.model().replaceAll(QUANTIZE, "");
  }

  private static double p50(Variant v) {
    return MetricCatalog.find("p50_ms").orElseThrow().of(new VariantSampler(v).asMeasured());
  }
}
