package dev.tierbench.coordinator.analysis;

import java.util.Arrays;
import java.util.List;

import dev.tierbench.common.stats.LatencySummary;

/**
 * Several repetitions' latencies as one distribution, each repetition counted any number of times: the merge every
 * latency figure goes through (counts added on a common grid, never quantiles averaged). With each repetition once it
 * equals HdrHistogram's merged histogram.
 */
public final class MergedLatencies {

  private final List<LatencyDistribution> parts;
  /** Every distinct latency value of every part, ascending. */
  private final long[] grid;
  /** Per part: how many of its latencies are at or below each grid value. */
  private final long[][] cumulative;

  public MergedLatencies(List<LatencyDistribution> parts) {
    this.parts = List.copyOf(parts);
    this.grid = parts.stream().flatMapToLong(p -> Arrays.stream(p.values())).sorted().distinct().toArray();
    this.cumulative = new long[parts.size()][];
    for (int i = 0; i < cumulative.length; i++) {
      long[] counts = new long[grid.length];
      for (int j = 0; j < grid.length; j++) {
        counts[j] = parts.get(i).countAtOrBelow(grid[j]);
      }
      cumulative[i] = counts;
    }
  }

  /** How many latencies the parts hold, part {@code i} counted {@code times[i]} times. */
  long count(int[] times) {
    long total = 0;
    for (int i = 0; i < times.length; i++) {
      total += times[i] * parts.get(i).count();
    }
    return total;
  }

  /** The smallest latency with at least {@code rank} latencies at or below it (rank may be fractional). */
  long atRank(int[] times, double rank) {
    int low = 0;
    int high = grid.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      long atOrBelow = 0;
      for (int i = 0; i < times.length; i++) {
        atOrBelow += times[i] * cumulative[i][mid];
      }
      if (atOrBelow >= rank) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return grid[low];
  }

  /** The usual quantiles of the parts merged, each once, in nanoseconds. */
  public LatencySummary summary() {
    int[] once = new int[parts.size()];
    Arrays.fill(once, 1);
    long count = count(once);
    if (count == 0) {
      return LatencySummary.NONE;
    }
    double sum = parts.stream().mapToDouble(p -> p.mean() * p.count()).sum();
    long min = parts.stream().filter(p -> p.count() > 0).mapToLong(LatencyDistribution::min).min().orElseThrow();
    long max = parts.stream().mapToLong(LatencyDistribution::max).max().orElseThrow();
    return new LatencySummary(count, sum / count, min, quantile(once, count, 0.50), quantile(once, count, 0.90),
        quantile(once, count, 0.95), quantile(once, count, 0.99), quantile(once, count, 0.999), max);
  }

  private long quantile(int[] times, long count, double quantile) {
    return atRank(times, LatencyDistribution.rank(quantile, count));
  }
}
