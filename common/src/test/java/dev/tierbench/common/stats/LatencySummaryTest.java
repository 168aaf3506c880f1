package dev.tierbench.common.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import dev.tierbench.common.protocol.EncodedHistogram;

class LatencySummaryTest {

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
  void anEmptyHistogramGivesAnEmptySummary() {
    assertEquals(new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0, 0), LatencySummary.of(Histograms.create()));
    assertEquals(LatencySummary.NONE, LatencySummary.of(EncodedHistogram.of(Histograms.create()).decode()));
  }

  @Test
  void anEncodedHistogramDecodesToTheSameCounts() {
    Histogram h = Histograms.create();
    for (long v = 1; v <= 2_000; v++) {
      h.recordValue(300_000 + v * v); // spread over many buckets
    }
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
