package dev.tierbench.coordinator.analysis;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * One bootstrap replicate of a variant: how many times each repetition was drawn, and the random source for
 * resampling within them. With no random source it is the variant as measured (each repetition once,
 * nothing resampled): metrics compute their point estimates through the same code.
 */
public final class Resample {

  private final VariantSampler sampler;
  private final int[] times;
  private final UniformRandomProvider rng;
  /** {R², MAE} of this replicate's samples, drawn once so that both metrics see the same draw. */
  private double[] regression;

  Resample(VariantSampler sampler, int[] times, UniformRandomProvider rng) {
    this.sampler = sampler;
    this.times = times;
    this.rng = rng;
  }

  public Variant variant() {
    return sampler.variant();
  }

  /** A latency quantile (0..1) of the drawn repetitions' merged latencies, in nanoseconds. */
  public long latencyQuantile(double quantile) {
    return sampler.quantile(times, quantile, rng);
  }

  /** How many times repetition {@code i} was drawn. */
  public int times(int i) {
    return times[i];
  }

  /** The drawn repetitions' values of a figure, once per draw, skipping repetitions that lack it. */
  public List<Double> figures(String name) {
    List<Double> values = new ArrayList<>();
    List<Repetition> repetitions = variant().repetitions();
    for (int i = 0; i < times.length; i++) {
      double value = repetitions.get(i).figure(name);
      for (int t = 0; t < times[i] && !Double.isNaN(value); t++) {
        values.add(value);
      }
    }
    return values;
  }

  /** Accuracy: as measured, or drawn from its binomial sampling error. NaN when the variant has none. */
  public double accuracy() {
    return sampler.accuracy(rng);
  }

  /**
   * {R², MAE} on the held-out set: as measured, or over the samples drawn with replacement; NaN without
   * regression answers.
   */
  public double[] regression() {
    if (regression == null) {
      Regression r = variant().regression();
      if (r == null) {
        regression = new double[] {Double.NaN, Double.NaN};
      } else {
        int[] rows = new int[r.samples()];
        for (int i = 0; i < rows.length; i++) {
          rows[i] = rng == null ? i : rng.nextInt(rows.length);
        }
        regression = r.scores(rows);
      }
    }
    return regression;
  }

  /** A standard normal draw, or 0 for the variant as measured. */
  public double gaussian() {
    return rng == null ? 0 : org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(rng)
        .sample();
  }
}
