package dev.tierbench.common.sweep;

import static dev.tierbench.common.sweep.Counts.plus;
import static dev.tierbench.common.sweep.Counts.times;

import java.util.List;

import dev.tierbench.common.config.Defaults;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.Scenario;

/**
 * How many distinct trial parameters a sweep's axes give a model of one format, counted without expanding them:
 * a plan of millions of points must be refused before it is built. The count follows {@link Axis#params}: the rate
 * counts for the server scenario only, XNNPACK for the TFLite engines only, the graph optimization and the provider
 * for ONNX Runtime only. Saturates at {@link Long#MAX_VALUE}.
 */
public final class PointCount {

  private PointCount() {}

  public static long of(Axes axes, ModelFormat format) {
    long common = times(times(size(axes, Axis.BATCH), size(axes, Axis.THREADS)), size(axes, Axis.CPUS));
    long total = 0;
    for (Object value : values(axes, Axis.ENGINE)) {
      Engine engine = value instanceof Engine e ? e : Engine.byKey((String) value).orElseThrow();
      if (engine.format() != format) {
        continue;
      }
      long settings = engine.tflite() ? size(axes, Axis.XNNPACK)
          : times(size(axes, Axis.OPTIMIZATION), size(axes, Axis.PROVIDER));
      for (Object scenario : values(axes, Axis.SCENARIO)) {
        long rates = scenario == Scenario.SERVER || Scenario.SERVER.key().equals(scenario) ? size(axes, Axis.RATE) : 1;
        total = plus(total, times(common, times(settings, rates)));
      }
    }
    return total;
  }

  /** An axis's values, or its default alone (as its key) when the sweep does not vary it. */
  private static List<?> values(Axes axes, Axis axis) {
    return axes.values().getOrDefault(axis, List.of(Defaults.get(axis.key())));
  }

  private static long size(Axes axes, Axis axis) {
    return values(axes, axis).size();
  }
}
