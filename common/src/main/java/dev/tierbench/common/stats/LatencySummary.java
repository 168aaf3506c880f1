package dev.tierbench.common.stats;

import java.util.Collection;

import org.HdrHistogram.Histogram;

import dev.tierbench.common.protocol.EncodedHistogram;

/**
 * The usual quantiles of a latency histogram, in nanoseconds. Always computed from a histogram (merged
 * across repetitions when there are several), never by averaging summaries.
 */
public record LatencySummary(long count, double mean, long min, long p50, long p90, long p95, long p99, long p999,
    long max) {

  public static LatencySummary of(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    return new LatencySummary(h.getTotalCount(), h.getMean(), h.getMinValue(),
        h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(95),
        h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
  }

  /** Merges the histograms (by adding counts) and summarises the merged distribution. */
  public static LatencySummary merged(Collection<EncodedHistogram> histograms) {
    return of(merge(histograms));
  }

  public static Histogram merge(Collection<EncodedHistogram> histograms) {
    Histogram merged = Histograms.create();
    for (EncodedHistogram encoded : histograms) {
      merged.add(encoded.decode());
    }
    return merged;
  }
}
