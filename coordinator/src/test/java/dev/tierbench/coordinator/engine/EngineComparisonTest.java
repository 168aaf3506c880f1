package dev.tierbench.coordinator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tierbench.coordinator.analysis.SyntheticVariants;
import dev.tierbench.coordinator.analysis.Variant;

class EngineComparisonTest {

  /** A variant of {@code model} on {@code engine} whose latencies sit tightly around {@code medianMs}. */
  private static Variant on(String model, String engine, boolean xnnpack, double medianMs) {
    Variant v = SyntheticVariants.variant(model + "@" + engine + xnnpack, "edge", 1_000_000, medianMs, 0.001, 2, 200,
        7);
    Map<String, String> axes = new LinkedHashMap<>(SyntheticVariants.axes(1));
    boolean onnx = engine.equals("onnxruntime");
    axes.put("xnnpack", onnx ? "-" : Boolean.toString(xnnpack));
    axes.put("engine", engine);
    axes.put("optimization", onnx ? "all" : "-");
    axes.put("provider", onnx ? "cpu" : "-");
    return new Variant(v.trialId(), v.tier(), model, "cnn", v.quantization(), axes, v.flops(), v.macs(), v.params(), v.modelBytes(), 1,
        true, v.repetitions(), null);
  }

  private static String runtime(Variant v) {
    return switch (v.axes().get("engine")) {
      case "tflite" -> "TFLite 2.20.0";
      case "onnxruntime" -> "ONNX Runtime 1.29.0";
      default -> "TFLite 2.6.2";
    };
  }

  @Test
  void eachEngineIsComparedWithCurrentTfliteWithXnnpack() {
    List<Variant> variants = List.of(on("cnn-a", "tflite-2.6", true, 4), on("cnn-a", "onnxruntime", false, 2),
        on("cnn-a", "tflite", false, 3), on("cnn-a", "tflite", true, 1), on("cnn-b", "tflite", true, 1));
    List<EngineComparison> comparisons = EngineComparison.of(variants, List.of(), EngineComparisonTest::runtime);
    assertEquals(1, comparisons.size(), "cnn-b ran on one engine only: nothing to compare");
    EngineComparison a = comparisons.get(0);
    assertEquals("cnn-a", a.variant());
    Map<String, Double> ratios = new LinkedHashMap<>();
    a.engines().forEach(e -> ratios.put(e.engine() + " / " + e.runtime(), e.ratio()));
    assertEquals(List.of("tflite-2.6, xnnpack on / TFLite 2.6.2", "onnxruntime / ONNX Runtime 1.29.0",
        "tflite, xnnpack off / TFLite 2.20.0", "tflite, xnnpack on / TFLite 2.20.0"), List.copyOf(ratios.keySet()));
    assertEquals(4, ratios.get("tflite-2.6, xnnpack on / TFLite 2.6.2"), 0.02);
    assertEquals(2, ratios.get("onnxruntime / ONNX Runtime 1.29.0"), 0.01);
    assertEquals(3, ratios.get("tflite, xnnpack off / TFLite 2.20.0"), 0.02);
    assertEquals(1, ratios.get("tflite, xnnpack on / TFLite 2.20.0"), 0);
  }

  @Test
  void withoutCurrentTfliteTheFirstEngineMeasuredIsTheReference() {
    List<EngineComparison> comparisons = EngineComparison.of(List.of(on("m", "onnxruntime", false, 2),
        on("m", "tflite-2.6", true, 6)), List.of(), EngineComparisonTest::runtime);
    assertEquals(List.of(1.0, 3.0), comparisons.get(0).engines().stream().map(e -> Math.rint(e.ratio() * 100) / 100)
        .toList());
  }

  @Test
  void aRunOnOneEngineComparesNothing() {
    assertEquals(List.of(), EngineComparison.of(List.of(on("m", "tflite", true, 1), on("m", "tflite", false, 2)),
        List.of(), EngineComparisonTest::runtime));
  }

  @Test
  void onnxRuntimeSettingsOtherThanTheDefaultsAreNamed() {
    Variant v = on("m", "onnxruntime", false, 1);
    Map<String, String> axes = new LinkedHashMap<>(v.axes());
    axes.put("optimization", "basic");
    axes.put("provider", "cuda");
    Variant basic = new Variant(v.trialId(), v.tier(), v.model(), v.family(), v.quantization(), axes, v.flops(), v.macs(), v.params(),
        v.modelBytes(), 1, true, v.repetitions(), null);
    assertEquals("onnxruntime", EngineComparison.engine(v));
    assertEquals("onnxruntime, optimization basic, provider cuda", EngineComparison.engine(basic));
  }
}
