package dev.tierbench.common.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.GraphOptimization;
import dev.tierbench.common.protocol.Provider;
import dev.tierbench.common.protocol.Scenario;

/** The count agrees with the distinct points an expansion gives, and needs no expansion for millions of them. */
class PointCountTest {

  /** Distinct parameters of the expanded axes whose engine takes {@code format}: what the plan makes trials of. */
  private static long expanded(Axes axes, ModelFormat format) {
    return new HashSet<>(axes.points().stream().filter(p -> p.engine().format() == format).toList()).size();
  }

  private static <T> List<Object> some(Random random, T[] all) {
    List<Object> chosen = new ArrayList<>();
    for (T value : all) {
      if (random.nextBoolean()) {
        chosen.add(value);
      }
    }
    return chosen;
  }

  @Test
  void randomAxesCountAsManyPointsAsTheirExpansionHasForEachFormat() {
    Random random = new Random(15);
    for (int i = 0; i < 500; i++) {
      Map<Axis, List<Object>> values = new EnumMap<>(Axis.class);
      values.put(Axis.BATCH, List.<Object>of(1, 2, 4).subList(0, 1 + random.nextInt(3)));
      values.put(Axis.RATE, List.<Object>of(5.0, 10.0).subList(0, 1 + random.nextInt(2)));
      values.put(Axis.XNNPACK, List.<Object>of(true, false).subList(0, 1 + random.nextInt(2)));
      values.put(Axis.ENGINE, some(random, Engine.values()));
      values.put(Axis.SCENARIO, some(random, Scenario.values()));
      values.put(Axis.OPTIMIZATION, some(random, GraphOptimization.values()));
      values.put(Axis.PROVIDER, some(random, Provider.values()));
      values.values().removeIf(List::isEmpty);
      Axes axes = new Axes(values);
      for (ModelFormat format : ModelFormat.values()) {
        assertEquals(expanded(axes, format), PointCount.of(axes, format), () -> axes + " as " + format);
      }
    }
  }

  @Test
  void unsweptAxesCountOnceWithTheirDefaults() {
    assertEquals(1, PointCount.of(new Axes(Map.of()), ModelFormat.TFLITE));
    assertEquals(0, PointCount.of(new Axes(Map.of()), ModelFormat.ONNX), "the default engine runs TFLite files");
  }

  @Test
  void millionsOfPointsAreCountedWithoutBeingMade() {
    List<Object> thousand = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      thousand.add(i);
    }
    Axes axes = new Axes(Map.of(Axis.BATCH, thousand, Axis.THREADS, thousand, Axis.CPUS, thousand));
    assertEquals(1_000_000_000L, PointCount.of(axes, ModelFormat.TFLITE));
  }

  @Test
  void aCountPastWhatALongHoldsSaturates() {
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < 3_000_000; i++) {
      many.add(i);
    }
    Axes axes = new Axes(Map.of(Axis.BATCH, many, Axis.THREADS, many, Axis.CPUS, many));
    assertEquals(Long.MAX_VALUE, PointCount.of(axes, ModelFormat.TFLITE));
  }
}
