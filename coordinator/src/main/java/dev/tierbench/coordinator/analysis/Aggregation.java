package dev.tierbench.coordinator.analysis;

/**
 * How a metric combines a variant's repetitions into one figure, as JMH states for each of its results. A figure is
 * never an average of averages or of percentiles: latencies merge as distributions, rates as sums.
 */
public enum Aggregation {
  /** From the repetitions' latencies merged into one distribution (counts added): quantiles and the mean. */
  MERGED_DISTRIBUTION,
  /** A sum over a sum across repetitions: throughput (samples over time), energy per sample (joules over samples). */
  RATIO_OF_SUMS,
  /** The largest of the repetitions' values: peaks, such as resident memory or temperature. */
  MAX,
  /** The mean of the repetitions' values, each a mean over an equally long measurement: CPU share. */
  MEAN,
  /** The median of the repetitions' values: one-off times (loading, first inference) that outliers would skew. */
  MEDIAN,
  /** A property of the model, the same for every repetition: FLOPs, parameters, size, training cost. */
  EXACT,
  /**
   * Scored once on the held-out set: every repetition runs the same set through the same interpreter, so adding them
   * up would count each sample several times.
   */
  HELD_OUT;

  /** The figure of values from repetitions, for the policies that combine per-repetition values. */
  double combine(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return switch (this) {
      case MAX -> sorted[n - 1];
      case MEAN -> java.util.Arrays.stream(sorted).average().orElseThrow();
      case MEDIAN -> n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      default -> throw new IllegalStateException(this + " does not combine per-repetition values");
    };
  }
}
