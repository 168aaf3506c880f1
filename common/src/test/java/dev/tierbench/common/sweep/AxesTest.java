package dev.tierbench.common.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.config.Defaults;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.GraphOptimization;
import dev.tierbench.common.protocol.Provider;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;

class AxesTest {

  @Test
  void pointsAreTheCartesianProductInAxisOrderThenValueOrderAsWritten() {
    Map<Axis, List<Object>> values = new LinkedHashMap<>();
    // Given in reverse axis order, values not sorted: neither must change the order of points.
    values.put(Axis.XNNPACK, List.of(false, true));
    values.put(Axis.THREADS, List.of(2, 1));
    values.put(Axis.BATCH, List.of(8, 1));

    assertEquals(List.of(
        new TrialParams(8, 2, false),
        new TrialParams(8, 2, true),
        new TrialParams(8, 1, false),
        new TrialParams(8, 1, true),
        new TrialParams(1, 2, false),
        new TrialParams(1, 2, true),
        new TrialParams(1, 1, false),
        new TrialParams(1, 1, true)),
        new Axes(values).points());
  }

  @Test
  void pointsOfAParsedSweepFollowAxisOrderWhateverTheOrderInTheFile() {
    Sweep sweep = SweepParser.parse("""
        name: order
        models: [a.tflite]
        axes:
          xnnpack: [true, false]
          batch: [4, 1, 2]
        """, Path.of("order.yaml"));
    List<TrialParams> points = sweep.axes().points();
    int threads = Integer.parseInt(Defaults.get("threads"));
    assertEquals(List.of(
        new TrialParams(4, threads, true),
        new TrialParams(4, threads, false),
        new TrialParams(1, threads, true),
        new TrialParams(1, threads, false),
        new TrialParams(2, threads, true),
        new TrialParams(2, threads, false)), points);
  }

  @Test
  void pointsAreTheSameOnEveryCall() {
    Axes axes = new Axes(Map.of(Axis.BATCH, List.of(1, 2, 3), Axis.THREADS, List.of(1, 4)));
    assertEquals(axes.points(), axes.points());
    assertEquals(6, axes.points().size());
  }

  @Test
  void noAxesGiveOnePointWithEveryDefault() {
    TrialParams defaults = new TrialParams(
        Integer.parseInt(Defaults.get("batch")),
        Integer.parseInt(Defaults.get("threads")),
        Boolean.parseBoolean(Defaults.get("xnnpack")));
    assertEquals(List.of(defaults), new Axes(Map.of()).points());
    assertEquals(new TrialParams(1, 1, true), defaults);
  }

  @Test
  void axesNotSweptTakeTheirDefaults() {
    List<TrialParams> points = new Axes(Map.of(Axis.THREADS, List.of(3))).points();
    assertEquals(List.of(new TrialParams(1, 3, true)), points);
  }

  @Test
  void anAxisWithNoValuesIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Axes(Map.of(Axis.BATCH, List.of())));
    assertTrue(e.getMessage().contains("'batch'"), e.getMessage());
  }

  @Test
  void axesCopyTheirInput() {
    Map<Axis, List<Object>> values = new EnumMap<>(Axis.class);
    List<Object> batches = new java.util.ArrayList<>(List.of(1, 2));
    values.put(Axis.BATCH, batches);
    Axes axes = new Axes(values);
    batches.add(3);
    values.put(Axis.THREADS, List.of(2));

    assertEquals(Map.of(Axis.BATCH, List.of(1, 2)), axes.values());
    assertThrows(UnsupportedOperationException.class, () -> axes.values().put(Axis.THREADS, List.of(1)));
  }

  @Test
  void axesWithEqualValuesAreEqual() {
    assertEquals(new Axes(Map.of(Axis.BATCH, List.of(1, 2))), new Axes(Map.of(Axis.BATCH, List.of(1, 2))));
    assertEquals(new Axes(Map.of(Axis.BATCH, List.of(1, 2))).hashCode(),
        new Axes(Map.of(Axis.BATCH, List.of(1, 2))).hashCode());
    assertTrue(!new Axes(Map.of(Axis.BATCH, List.of(1, 2))).equals(new Axes(Map.of(Axis.BATCH, List.of(2, 1)))));
  }

  @Test
  void eachEngineTakesOnlyItsOwnSettingsSoPointsThatDifferInTheOthersAreOneTrial() {
    Axes axes = new Axes(Map.of(Axis.ENGINE, List.of(Engine.TFLITE, Engine.ONNXRUNTIME), Axis.XNNPACK,
        List.of(true, false), Axis.OPTIMIZATION, List.of(GraphOptimization.ALL, GraphOptimization.BASIC)));
    List<TrialParams> points = axes.points();
    assertEquals(8, points.size());
    Set<TrialParams> distinct = new java.util.LinkedHashSet<>(points);
    // TFLite: xnnpack on and off, optimization not its own; ONNX Runtime: two levels, no XNNPACK.
    assertEquals(4, distinct.size(), distinct::toString);
    assertTrue(distinct.stream().filter(p -> p.engine() == Engine.TFLITE)
        .allMatch(p -> p.optimization() == GraphOptimization.ALL && p.provider() == Provider.CPU));
    assertTrue(distinct.stream().filter(p -> p.engine() == Engine.ONNXRUNTIME).noneMatch(TrialParams::xnnpack));
    assertEquals(Set.of(GraphOptimization.ALL, GraphOptimization.BASIC), distinct.stream()
        .filter(p -> p.engine() == Engine.ONNXRUNTIME).map(TrialParams::optimization)
        .collect(java.util.stream.Collectors.toSet()));
  }

  @Test
  void withoutAnEngineAxisTrialsRunOnCurrentTflite() {
    assertEquals(Engine.TFLITE, new Axes(Map.of(Axis.BATCH, List.of(1))).points().get(0).engine());
  }

  @Test
  void engineSettingsOfAnotherEngineAreRefusedInTrialParams() {
    assertThrows(IllegalArgumentException.class, () -> new TrialParams(1, 1, true, Scenario.SINGLE_STREAM, 0, "",
        Engine.ONNXRUNTIME, GraphOptimization.ALL, Provider.CPU));
    assertThrows(IllegalArgumentException.class, () -> new TrialParams(1, 1, true, Scenario.SINGLE_STREAM, 0, "",
        Engine.TFLITE, GraphOptimization.ALL, Provider.CUDA));
  }

  @Test
  void axisKeysAreTheSweepFileKeys() {
    assertEquals(List.of("batch", "threads", "xnnpack", "scenario", "rate", "cpus", "engine", "optimization",
        "provider"), Axis.keys());
    assertEquals(Axis.THREADS, Axis.byKey("threads").orElseThrow());
    assertTrue(Axis.byKey("THREADS").isEmpty());
    assertTrue(Axis.byKey("treads").isEmpty());
  }

  @Test
  void everyAxisKeyHasADefault() {
    for (String key : Axis.keys()) {
      assertTrue(Defaults.of(key).isPresent(), key);
    }
  }
}
