package dev.tierbench.coordinator.analysis;

import java.util.Arrays;

/** A point estimate with its 95 % bootstrap percentile interval. */
public record Interval(double estimate, double low, double high) {

  public static Interval of(double estimate, double[] draws) {
    double[] sorted = Arrays.stream(draws).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (sorted.length == 0) {
      return new Interval(estimate, Double.NaN, Double.NaN);
    }
    return new Interval(estimate, percentile(sorted, 0.025), percentile(sorted, 0.975));
  }

  /** Linear interpolation between the closest ranks. */
  private static double percentile(double[] sorted, double p) {
    double position = p * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }
}
