package dev.tierbench.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.LocalFleet;
import dev.tierbench.coordinator.store.StoredResult;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.store.StoredTrial;

/**
 * A generated variant written both as TFLite and as ONNX: the agent runs each with its engine, both carry the
 * graph's costs, and a trained ONNX variant, float32 or int8, is scored on its test split like its TFLite twin.
 */
class OnnxSweepTest {

  @TempDir
  Path dir;

  @Test
  void theSameNetworkIsMeasuredWithTfliteAndWithOnnxRuntime() throws Exception {
    Files.createSymbolicLink(dir.resolve("data"), dev.tierbench.coordinator.Fixtures.ROOT.resolve("configs/data"));
    Path sweep = dir.resolve("formats.yaml");
    Files.writeString(sweep, """
        name: formats
        models:
          - generate: cnn
            name: cnn
            params: {depth: 0.25, width: 0.25, resolution: 32, classes: 10, format: [tflite, onnx]}
          - generate: mlp
            name: cancer
            params: {depth: 2, width: 16, format: [tflite, onnx], quantize: [float32, int8]}
            train: {dataset: breast_cancer, epochs: 20, learning-rate: 0.01}
        axes:
          batch: [1, 2]
        tiers: [edge]
        measurement: {warmup: 2, min-duration: 0s, min-queries: 20, max-duration: 10s}
        """);
    Plan plan = Plan.of(SweepParser.parse(sweep), dir.resolve("cache"));
    StoredRun run;
    try (LocalFleet fleet = LocalFleet.start(dir, "edge")) {
      run = fleet.run("formats", plan);
    }
    assertEquals(12, run.results().size(), "(2 cnn + 4 cancer variants) x 2 batches: " + run.tasks());
    Map<String, String> engines = run.results().stream().collect(Collectors.toMap(StoredResult::modelName,
        r -> r.runtime().replaceAll(" [0-9.]+$", ""), (a, b) -> a));
    System.out.println("engines: " + engines);
    assertEquals(Map.of("cnn-formattflite", "TFLite", "cnn-formatonnx", "ONNX Runtime",
        "cancer-formattflite-quantizefloat32", "TFLite", "cancer-formatonnx-quantizefloat32", "ONNX Runtime",
        "cancer-formattflite-quantizeint8", "TFLite", "cancer-formatonnx-quantizeint8", "ONNX Runtime"), engines);
    var trials = run.trials().stream().collect(Collectors.toMap(t -> t.model(), t -> t, (a, b) -> a));
    assertEquals(trials.get("cnn-formattflite").modelMacs(), trials.get("cnn-formatonnx").modelMacs(),
        "the ONNX model has its graph's costs");
    for (String precision : new String[] {"float32", "int8"}) {
      StoredTrial tflite = trials.get("cancer-formattflite-quantize" + precision);
      StoredTrial onnx = trials.get("cancer-formatonnx-quantize" + precision);
      assertEquals(tflite.modelMacs(), onnx.modelMacs(), "a trained ONNX model too, with the inputs and classes its"
          + " data gave it");
      assertEquals(precision, onnx.quantization(), "costs and quantization from its TFLite twin");
    }
    Map<String, Integer> correct = new java.util.TreeMap<>();
    for (StoredResult r : run.results()) {
      if (r.modelName().startsWith("cancer")) {
        assertTrue(r.evaluation().correct() >= 0.9 * r.evaluation().samples(), r.modelName() + ": " + r.evaluation());
        correct.put(r.modelName(), r.evaluation().correct());
      }
    }
    System.out.println("correct on the test split: " + correct);
    assertEquals(correct.get("cancer-formattflite-quantizeint8"), correct.get("cancer-formatonnx-quantizeint8"),
        "the int8 model answers alike on both engines, the agent feeding each its quantized samples");
  }
}
