package dev.tierbench.coordinator.analysis;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One repetition's latencies as a step function: each distinct recorded value (as HdrHistogram reports it,
 * the highest value of its bucket) with the count at or below it. Quantiles follow HdrHistogram's own rule,
 * so they equal the figures the reports print.
 */
public final class LatencyDistribution {

  private final long[] values;
  private final long[] cumulative;
  private final double mean;
  private final double standardDeviation;
  /** As HdrHistogram reports them: the lowest and the highest equivalent value of the extreme buckets. */
  private final long min;
  private final long max;

  private LatencyDistribution(long[] values, long[] cumulative, double mean, double standardDeviation, long min,
      long max) {
    this.values = values;
    this.cumulative = cumulative;
    this.mean = mean;
    this.standardDeviation = standardDeviation;
    this.min = min;
    this.max = max;
  }

  public static LatencyDistribution of(Histogram histogram) {
    int distinct = 0;
    for (HistogramIterationValue ignored : histogram.recordedValues()) {
      distinct++;
    }
    long[] values = new long[distinct];
    long[] cumulative = new long[distinct];
    int i = 0;
    long running = 0;
    for (HistogramIterationValue v : histogram.recordedValues()) {
      running += v.getCountAtValueIteratedTo();
      values[i] = v.getValueIteratedTo();
      cumulative[i] = running;
      i++;
    }
    return new LatencyDistribution(values, cumulative, histogram.getMean(), histogram.getStdDeviation(),
        histogram.getMinValue(), histogram.getMaxValue());
  }

  public long count() {
    return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
  }

  public double mean() {
    return mean;
  }

  public double standardDeviation() {
    return standardDeviation;
  }

  /** The usual quantiles of this distribution alone. */
  public dev.tierbench.common.stats.LatencySummary summary() {
    return new MergedLatencies(java.util.List.of(this)).summary();
  }

  public long min() {
    return min;
  }

  public long max() {
    return max;
  }

  /** The distinct recorded values, ascending. */
  long[] values() {
    return values;
  }

  /** How many latencies are at or below {@code value}. */
  long countAtOrBelow(long value) {
    int i = java.util.Arrays.binarySearch(values, value);
    int last = i >= 0 ? i : -i - 2;
    return last < 0 ? 0 : cumulative[last];
  }

  /** The rank HdrHistogram uses for a quantile: the ceil(q × n)-th smallest value, at least the first. */
  public static long rank(double quantile, long count) {
    return Math.max(1, (long) Math.ceil(quantile * count));
  }
}
