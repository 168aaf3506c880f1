package dev.tierbench.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.common.sweep.AnalysisSpec;
import dev.tierbench.coordinator.LocalFleet;
import dev.tierbench.coordinator.engine.EngineComparison;
import dev.tierbench.coordinator.preparation.Preparation;
import dev.tierbench.coordinator.profile.OperatorProfile;
import dev.tierbench.coordinator.report.AnalysisSettings;
import dev.tierbench.coordinator.report.ReportDocument;
import dev.tierbench.coordinator.store.StoredResult;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.store.StoredTrial;

/**
 * One sweep over three engines: the same generated variants (same weights) measured on current TFLite, ONNX Runtime
 * and TFLite 2.6, a trained ONNX variant scored on its test split like its TFLite twin, a real TFLite file on the
 * TFLite engines only, and the plan saying what it leaves out.
 */
class EngineSweepTest {

  @TempDir
  Path dir;

  @Test
  void theSameVariantsAreMeasuredOnEachEngineThatRunsThem() throws Exception {
    Files.createSymbolicLink(dir.resolve("data"), Fixtures.ROOT.resolve("configs/data"));
    Path sweep = dir.resolve("engines.yaml");
    Files.writeString(sweep, """
        name: engines
        models:
          - generate: cnn
            name: cnn
            params: {depth: 0.25, width: 0.25, resolution: 32, classes: 10}
          - generate: mlp
            name: cancer
            params: {depth: 2, width: 16, quantize: [float32, int8]}
            train: {dataset: breast_cancer, epochs: 20, learning-rate: 0.01}
          - path: %s
            name: kws
        axes:
          engine: [tflite, onnxruntime, tflite-2.6]
        tiers: [edge]
        measurement: {warmup: 2, min-duration: 0s, min-queries: 20, max-duration: 10s, profile-queries: 10}
        """.formatted(Fixtures.KWS));
    Plan plan = Preparation.plan(SweepParser.parse(sweep), dir.resolve("cache"));
    assertEquals(List.of("kws, engine onnxruntime: not measured: a TFLite file runs on engines tflite and tflite-2.6"
        + " only"), plan.exclusions().stream().map(Exclusion::describe).toList());
    StoredRun run;
    try (LocalFleet fleet = LocalFleet.start(dir, "edge")) {
      run = fleet.run("engines", plan);
    }
    assertEquals(11, run.results().size(), "3 generated models x 3 engines, kws x 2: " + run.tasks());

    Map<String, String> runtimes = new TreeMap<>();
    for (StoredResult r : run.results()) {
      StoredTrial trial = run.trial(r.trialId());
      runtimes.put(trial.model().name() + "@" + trial.params().engine().key(),
          r.measurement().runtime().replaceAll(" [0-9.]+$", ""));
      assertTrue(r.measurement().runtime().matches("(TFLite|ONNX Runtime) \\d+\\.\\d+\\.\\d+"),
          r.measurement().runtime());
    }
    Map<String, String> expected = new TreeMap<>(Map.of("cnn@onnxruntime", "ONNX Runtime", "cnn@tflite", "TFLite",
        "cnn@tflite-2.6", "TFLite", "kws@tflite", "TFLite", "kws@tflite-2.6", "TFLite"));
    for (String precision : List.of("float32", "int8")) {
      expected.putAll(Map.of("cancer-quantize" + precision + "@onnxruntime", "ONNX Runtime",
          "cancer-quantize" + precision + "@tflite", "TFLite", "cancer-quantize" + precision + "@tflite-2.6", "TFLite"));
    }
    assertEquals(expected, runtimes);
    assertEquals(Set.of("TFLite 2.6.2"), run.results().stream().filter(r -> engineOf(run, r).equals("tflite-2.6"))
        .map(r -> r.measurement().runtime()).collect(Collectors.toSet()), "TFLite 2.6 stays as it was");

    Map<String, Set<Long>> macs = run.trials().stream().collect(Collectors.groupingBy(t -> t.model().name(),
        Collectors.mapping(t -> t.costs().macs(), Collectors.toSet())));
    assertEquals(1, macs.get("cnn").size(), "every format of a variant has its graph's costs: " + macs);
    assertEquals(1, macs.get("cancer-quantizeint8").size(), "a trained one too, int8 on ONNX too: " + macs);
    Map<String, Integer> correct = new TreeMap<>();
    for (StoredResult r : run.results()) {
      if (run.trial(r.trialId()).model().name().startsWith("cancer")) {
        assertTrue(r.evaluation().correct() >= 0.9 * r.evaluation().samples(), engineOf(run, r) + ": "
            + r.evaluation());
        correct.put(run.trial(r.trialId()).model().name() + "@" + engineOf(run, r), r.evaluation().correct());
      }
    }
    System.out.println("correct on the test split: " + correct);
    assertEquals(1, correct.entrySet().stream().filter(e -> e.getKey().contains("float32")).map(Map.Entry::getValue)
        .distinct().count(), "the same trained weights answer alike on every engine: " + correct);
    assertEquals(correct.get("cancer-quantizeint8@tflite"), correct.get("cancer-quantizeint8@onnxruntime"),
        "the int8 model answers alike on TFLite and ONNX Runtime, each fed its quantized samples: " + correct);
    assertEquals(plan.exclusions(), run.exclusions(), "the store keeps what the plan left out");

    ReportDocument report = ReportDocument.build(run, AnalysisSettings.defaults(AnalysisSpec.DEFAULT));
    assertEquals(List.of("cnn", "cancer-quantizefloat32", "cancer-quantizeint8", "kws"), report.engines().stream()
        .map(EngineComparison::variant).toList());
    for (EngineComparison c : report.engines()) {
      assertEquals("tflite, xnnpack on", c.engines().get(0).engine(), "the reference first");
      assertEquals(1.0, c.engines().get(0).ratio(), 1e-12);
      assertEquals(c.variant().equals("kws") ? 2 : 3, c.engines().size(), c.toString());
      for (EngineComparison.EngineLatency e : c.engines()) {
        assertTrue(e.p50Ms() > 0 && e.ratio() > 0, e.toString());
        assertEquals(e.ratio(), e.p50Ms() / c.engines().get(0).p50Ms(), 1e-9);
      }
    }
    assertTrue(report.frontiers().stream().anyMatch(f -> f.scope().equals("edge, engine onnxruntime")),
        "a frontier per engine");
    Set<String> profiled = report.profiles().stream().map(p -> p.runtime().replaceAll(" [0-9.]+$", ""))
        .collect(Collectors.toSet());
    assertEquals(Set.of("TFLite", "ONNX Runtime"), profiled, "both current engines profile; TFLite 2.6 cannot");
    assertEquals(7, report.profiles().size(), "cnn and both cancers on tflite and onnxruntime, kws on tflite");
    assertEquals(Set.of("tflite, xnnpack on", "onnxruntime", "tflite-2.6, xnnpack on"), report.quantization()
        .stream().map(q -> q.engine()).collect(Collectors.toSet()), "int8 against float32 on each engine");
    for (OperatorProfile p : report.profiles()) {
      // XNNPACK and ONNX Runtime time operators in whole microseconds: a tiny MLP's may all round to nothing.
      double shares = p.operators().stream().mapToDouble(OperatorProfile.OperatorShare::share).sum();
      assertEquals(p.profiledMs() > 0 ? 1.0 : 0.0, shares, 1e-9, p.toString());
      assertTrue(p.profiledMs() > 0 || p.p50Ms() < 0.05, p.toString());
    }
    assertTrue(report.profiles().stream().filter(p -> p.variant().startsWith("cnn")).allMatch(p -> p.profiledMs() > 0));
  }

  private static String engineOf(StoredRun run, StoredResult r) {
    return run.trial(r.trialId()).params().engine().key();
  }
}
