package dev.tierbench.coordinator.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.rng.UniformRandomProvider;

/** Joint bootstrap draws of several metrics of one variant: each draw resamples once, for all of them. */
public final class Bootstrap {

  private Bootstrap() {}

  /**
   * {@code [metric][draw]}; NaN where a replicate lacks the figure.
   *
   * @throws CancelledException when this thread's {@link Cancellation} is cancelled
   */
  public static double[][] draws(VariantSampler sampler, List<Metric> metrics, int draws, UniformRandomProvider rng) {
    Cancellation cancellation = Cancellation.current();
    double[][] values = new double[metrics.size()][draws];
    for (int d = 0; d < draws; d++) {
      cancellation.check();
      Resample resample = sampler.resample(rng);
      for (int m = 0; m < metrics.size(); m++) {
        values[m][d] = metrics.get(m).of(resample);
      }
    }
    return values;
  }

  /** Each metric's estimate and interval, by name, from {@code draws} joint draws. */
  public static Map<String, Interval> intervals(VariantSampler sampler, List<Metric> metrics, double[][] draws) {
    Map<String, Interval> intervals = new LinkedHashMap<>();
    for (int m = 0; m < metrics.size(); m++) {
      double estimate = metrics.get(m).of(sampler.asMeasured());
      if (!Double.isNaN(estimate)) {
        intervals.put(metrics.get(m).name(), Interval.of(estimate, draws[m]));
      }
    }
    return intervals;
  }
}
