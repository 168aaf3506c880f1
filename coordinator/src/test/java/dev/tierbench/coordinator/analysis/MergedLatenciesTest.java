package dev.tierbench.coordinator.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import dev.tierbench.common.protocol.EncodedHistogram;
import dev.tierbench.common.stats.Histograms;
import dev.tierbench.common.stats.LatencySummary;

/** The one merge of latencies: it must equal one histogram of every value, never an average of quantiles. */
class MergedLatenciesTest {

  /** Latencies around {@code centreNanos}, with a long tail, from a fixed seed. */
  private static long[] latencies(long seed, int count, long centreNanos) {
    Random random = new Random(seed);
    long[] values = new long[count];
    for (int i = 0; i < count; i++) {
      double tail = random.nextDouble() < 0.02 ? 20 : 1;
      values[i] = Math.max(1, (long) (centreNanos * tail * (1 + 0.1 * random.nextGaussian())));
    }
    return values;
  }

  private static Histogram histogramOf(long[]... valueSets) {
    Histogram h = Histograms.create();
    for (long[] values : valueSets) {
      for (long v : values) {
        h.recordValue(v);
      }
    }
    return h;
  }

  /** As a stored result reaches the analysis: encoded on the wire, decoded once. */
  private static LatencyDistribution stored(Histogram h) {
    return LatencyDistribution.of(EncodedHistogram.of(h).decode());
  }

  @Test
  void mergingRepetitionsEqualsOneHistogramOfAllValues() {
    // Two repetitions with clearly different distributions: averaging their quantiles would be wrong.
    long[] fast = latencies(1, 3_000, 200_000);
    long[] slow = latencies(2, 1_000, 5_000_000);
    LatencySummary merged = new MergedLatencies(List.of(stored(histogramOf(fast)), stored(histogramOf(slow))))
        .summary();
    Histogram union = histogramOf(fast, slow);
    assertEquals(4_000, merged.count());
    assertEquals(union.getValueAtPercentile(50), merged.p50());
    assertEquals(union.getValueAtPercentile(99.9), merged.p999());
    assertEquals(union.getMinValue(), merged.min());
    assertEquals(union.getMaxValue(), merged.max());
    assertEquals(union.getMean(), merged.mean(), 1e-6);
    assertEquals(LatencySummary.of(union), merged);
  }

  @Test
  void mergedQuantilesAreNotTheAverageOfQuantiles() {
    long[] fast = latencies(3, 1_000, 100_000);
    long[] slow = latencies(4, 1_000, 10_000_000);
    LatencySummary a = stored(histogramOf(fast)).summary();
    LatencySummary b = stored(histogramOf(slow)).summary();
    LatencySummary merged = new MergedLatencies(List.of(stored(histogramOf(fast)), stored(histogramOf(slow))))
        .summary();
    // The merged p99 lies in the slow distribution, far above the mean of the two p99s.
    assertTrue(merged.p99() > (a.p99() + b.p99()) / 2, merged + " vs " + a + " / " + b);
  }

  @Test
  void oneRepetitionIsItsOwnHistogram() {
    Histogram h = histogramOf(latencies(5, 500, 1_000_000));
    assertEquals(LatencySummary.of(h), stored(h).summary());
  }

  @Test
  void nothingOrEmptyRepetitionsGiveAnEmptySummary() {
    assertEquals(LatencySummary.NONE, new MergedLatencies(List.of()).summary());
    LatencyDistribution none = stored(Histograms.create());
    assertEquals(LatencySummary.NONE, new MergedLatencies(List.of(none, none)).summary());
  }
}
