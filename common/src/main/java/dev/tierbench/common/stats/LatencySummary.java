package dev.tierbench.common.stats;

import org.HdrHistogram.Histogram;

/**
 * The usual quantiles of a latency histogram, in nanoseconds. Always computed from a distribution (merged
 * across repetitions when there are several), never by averaging summaries.
 */
public record LatencySummary(long count, double mean, long min, long p50, long p90, long p95, long p99, long p999,
    long max) {

  /** No latencies: every figure zero. */
  public static final LatencySummary NONE = new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0, 0);

  public static LatencySummary of(Histogram h) {
    if (h.getTotalCount() == 0) {
      return NONE;
    }
    return new LatencySummary(h.getTotalCount(), h.getMean(), h.getMinValue(),
        h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(95),
        h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
  }
}
