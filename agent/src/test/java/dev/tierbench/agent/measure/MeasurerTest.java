package dev.tierbench.agent.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tierbench.agent.Models;
import dev.tierbench.agent.runtime.TfliteRuntime;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.Phase;
import dev.tierbench.common.protocol.TrialParams;

class MeasurerTest {

  private static Measurer measurer;

  @BeforeAll
  static void start() {
    measurer = new Measurer(TfliteRuntime.start());
  }

  @Test
  void withNoMinimumDurationItRunsExactlyTheMinimumQueries() throws Exception {
    Measurement m = measurer.measure(Models.KWS, new TrialParams(1, 1, true),
        new MeasureSettings(3, Duration.ZERO, 37, Duration.ofSeconds(30)), ProgressListener.NONE, new Cancellation());
    Histogram h = m.latency().decode();
    assertEquals(37, m.queries());
    assertEquals(37, h.getTotalCount());
    assertEquals(3, m.warmupQueries());
    assertFalse(m.capped());
    assertTrue(h.getMinValue() > 10_000, "a DS-CNN inference takes more than 10 us: " + h.getMinValue());
    assertTrue(m.loadNanos() > 0 && m.firstInferenceNanos() > 0);
    long sum = (long) (h.getMean() * h.getTotalCount());
    assertTrue(sum <= m.durationNanos() * 1.01, "per-query latencies cannot add up to more than the measured time");
    assertEquals("TFLite 2.6.2", m.runtime());
  }

  @Test
  void itRunsAtLeastTheMinimumDuration() throws Exception {
    Measurement m = measurer.measure(Models.KWS, new TrialParams(1, 1, true),
        new MeasureSettings(0, Duration.ofMillis(300), 1, Duration.ofSeconds(30)), ProgressListener.NONE,
        new Cancellation());
    assertTrue(m.durationNanos() >= 300_000_000L, "ran " + m.durationNanos() + " ns");
    assertTrue(m.queries() > 1);
  }

  @Test
  void theMaximumDurationCapsAMeasurementAndSaysSo() throws Exception {
    Measurement m = measurer.measure(Models.KWS, new TrialParams(1, 1, true),
        new MeasureSettings(0, Duration.ZERO, 1_000_000, Duration.ofMillis(200)), ProgressListener.NONE,
        new Cancellation());
    assertTrue(m.capped());
    assertTrue(m.queries() < 1_000_000);
    assertTrue(m.durationNanos() >= 200_000_000L);
  }

  @Test
  void progressIsReportedAndCancellationStopsTheMeasurement() {
    List<Phase> phases = new ArrayList<>();
    Cancellation cancellation = new Cancellation();
    ProgressListener listener = (phase, done, total) -> {
      phases.add(phase);
      if (phase == Phase.MEASURING) {
        cancellation.cancel("test says stop");
      }
    };
    Cancellation.CancelledException e = assertThrows(Cancellation.CancelledException.class,
        () -> measurer.measure(Models.KWS, new TrialParams(1, 1, true),
            new MeasureSettings(0, Duration.ofSeconds(20), 1, Duration.ofSeconds(30)), listener, cancellation));
    assertEquals("test says stop", e.getMessage());
    assertEquals(Phase.LOADING, phases.get(0));
    assertTrue(phases.contains(Phase.MEASURING));
  }
}
