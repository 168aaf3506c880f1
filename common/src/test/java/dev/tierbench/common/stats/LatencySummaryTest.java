package dev.tierbench.common.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import dev.tierbench.common.protocol.EncodedHistogram;

class LatencySummaryTest {

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

  @Test
  void mergingHistogramsEqualsOneHistogramOfAllValues() {
    // Two repetitions with clearly different distributions: averaging their quantiles would be wrong.
    long[] fast = latencies(1, 3_000, 200_000);
    long[] slow = latencies(2, 1_000, 5_000_000);

    LatencySummary merged = LatencySummary.merged(List.of(
        EncodedHistogram.of(histogramOf(fast)), EncodedHistogram.of(histogramOf(slow))));
    Histogram union = histogramOf(fast, slow);

    assertEquals(4_000, merged.count());
    assertEquals(union.getTotalCount(), merged.count());
    assertEquals(union.getValueAtPercentile(50), merged.p50());
    assertEquals(union.getValueAtPercentile(90), merged.p90());
    assertEquals(union.getValueAtPercentile(99), merged.p99());
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
    LatencySummary a = LatencySummary.of(histogramOf(fast));
    LatencySummary b = LatencySummary.of(histogramOf(slow));
    LatencySummary merged = LatencySummary.merged(List.of(
        EncodedHistogram.of(histogramOf(fast)), EncodedHistogram.of(histogramOf(slow))));

    // The merged p99 lies in the slow distribution, far above the mean of the two p99s' lower half.
    assertTrue(merged.p99() > (a.p99() + b.p99()) / 2, merged + " vs " + a + " / " + b);
  }

  @Test
  void summaryQuantilesAreWithinTheHistogramsPrecision() {
    Histogram h = Histograms.create();
    for (long v = 1; v <= 1_000; v++) {
      h.recordValue(v * 1_000); // 1 us .. 1 ms, uniform
    }
    LatencySummary s = LatencySummary.of(h);
    assertEquals(1_000, s.count());
    assertEquals(500_000, s.p50(), 500_000 * 0.001);
    assertEquals(990_000, s.p99(), 990_000 * 0.001);
    assertEquals(1_000, s.min(), 1);
    assertEquals(1_000_000, s.max(), 1_000_000 * 0.001);
    assertEquals(500_500, s.mean(), 500_500 * 0.001);
    assertTrue(s.min() <= s.p50() && s.p50() <= s.p90() && s.p90() <= s.p95() && s.p95() <= s.p99()
        && s.p99() <= s.p999() && s.p999() <= s.max(), s.toString());
  }

  @Test
  void mergingOneHistogramChangesNothing() {
    Histogram h = histogramOf(latencies(5, 500, 1_000_000));
    assertEquals(LatencySummary.of(h), LatencySummary.merged(List.of(EncodedHistogram.of(h))));
  }

  @Test
  void noHistogramsGiveAnEmptySummary() {
    LatencySummary empty = LatencySummary.merged(List.of());
    assertEquals(0, empty.count());
    assertEquals(new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0, 0), empty);
  }

  @Test
  void emptyHistogramsGiveAnEmptySummary() {
    EncodedHistogram none = EncodedHistogram.of(Histograms.create());
    assertEquals(0, LatencySummary.merged(List.of(none, none)).count());
    assertEquals(new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0, 0), LatencySummary.of(Histograms.create()));
  }

  @Test
  void anEncodedHistogramDecodesToTheSameCounts() {
    Histogram h = histogramOf(latencies(6, 2_000, 300_000));
    Histogram back = EncodedHistogram.of(h).decode();
    assertEquals(h, back);
  }

  @Test
  void histogramsResizeForLongLatencies() {
    Histogram h = Histograms.create();
    h.recordValue(1);
    h.recordValue(3_600_000_000_000L); // an hour, in nanoseconds
    assertEquals(2, h.getTotalCount());
    assertEquals(3_600_000_000_000L, h.getMaxValue(), 3_600_000_000_000L * 0.001);
  }
}
