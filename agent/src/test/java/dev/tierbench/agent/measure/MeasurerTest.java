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
import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.Phase;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;

class MeasurerTest {

  private static TfliteRuntime tflite;
  private static Measurer measurer;

  @BeforeAll
  static void start() {
    tflite = TfliteRuntime.start();
    measurer = new Measurer(tflite, SystemMonitor.off());
  }

  @Test
  void withNoMinimumDurationItRunsExactlyTheMinimumQueries() throws Exception {
    Measurement m = measurer.measure(Models.KWS, new TrialParams(1, 1, true),
        new MeasureSettings(3, Duration.ZERO, 37, Duration.ofSeconds(30)), ProgressListener.NONE, new Cancellation());
    Histogram h = m.latency().decode();
    assertEquals(37, m.queries());
    assertEquals(37, h.getTotalCount());
    assertTrue(m.warmupQueries() >= 3, "at least the asked warm-up, then on until steady");
    assertFalse(m.capped());
    assertTrue(h.getMinValue() > 10_000, "a DS-CNN inference takes more than 10 us: " + h.getMinValue());
    assertTrue(m.loadNanos() > 0 && m.firstInferenceNanos() > 0);
    long sum = (long) (h.getMean() * h.getTotalCount());
    assertTrue(sum <= m.durationNanos() * 1.01, "per-query latencies cannot add up to more than the measured time");
    assertEquals(tflite.describe(), m.runtime());
    assertEquals(List.of(), m.profile(), "no profile unless asked for");
  }

  @Test
  void aProfileIsTakenAfterTheTimedPartWhenAskedFor() throws Exception {
    List<Phase> phases = new ArrayList<>();
    Measurement m = measurer.measure(Models.KWS, new TrialParams(1, 1, true),
        new MeasureSettings(3, Duration.ofSeconds(10), 3, 0.05, Duration.ZERO, 20, Duration.ofSeconds(30),
            Duration.ZERO, 1, 30), (phase, done, total) -> phases.add(phase), new Cancellation());
    assertEquals(20, m.queries(), "profiling adds no timed query");
    assertFalse(m.profile().isEmpty());
    assertEquals(Phase.PROFILING, phases.get(phases.size() - 1), "profiling comes last: " + phases);
    assertTrue(phases.indexOf(Phase.MEASURING) < phases.indexOf(Phase.PROFILING), phases::toString);
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
  void aMeasurementThatStoodStillSaysSo() throws Exception {
    // The listener holds the measuring thread once for 1.5 s between two queries, as a stopped process would be.
    boolean[] held = {false};
    ProgressListener stalling = new ProgressListener() {
      @Override
      public void progress(Phase phase, long done, long total) {}

      @Override
      public void timed(long nanos) {
        if (!held[0]) {
          held[0] = true;
          try {
            Thread.sleep(1_500);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
    Measurement m = measurer.measure(Models.KWS, new TrialParams(1, 1, true),
        new MeasureSettings(0, Duration.ZERO, 20, Duration.ofSeconds(30)), stalling, new Cancellation());
    assertEquals(1, m.disturbances().size(), m.disturbances().toString());
    assertTrue(m.disturbances().get(0).startsWith("stalled: the measuring process stood still for 1."),
        m.disturbances().get(0));
    Measurement clean = measurer.measure(Models.KWS, new TrialParams(1, 1, true),
        new MeasureSettings(0, Duration.ZERO, 20, Duration.ofSeconds(30)), ProgressListener.NONE, new Cancellation());
    assertEquals(List.of(), clean.disturbances());
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

  @Test
  void warmUpRunsUntilSteadyAndSaysSo() throws Exception {
    Measurement m = measurer.measure(Models.KWS, new TrialParams(1, 1, true),
        new MeasureSettings(0, Duration.ofSeconds(5), 3, 0.05, Duration.ZERO, 10, Duration.ofSeconds(30),
            Duration.ZERO, 1), ProgressListener.NONE, new Cancellation());
    assertTrue(m.stable(), "a small model on an idle core settles within 5 s");
    assertTrue(m.warmupNanos() >= 300_000_000L, "three windows of at least 100 ms: " + m.warmupNanos());
    assertTrue(m.warmupQueries() > 0);
  }

  @Test
  void warmUpThatCannotSettleInTimeStopsAtItsLimitAndSaysSo() throws Exception {
    // Ten windows within 0.01 %: no real machine is that quiet, so warm-up ends at its 400 ms limit.
    Measurement m = measurer.measure(Models.KWS, new TrialParams(1, 1, true),
        new MeasureSettings(0, Duration.ofMillis(400), 10, 0.0001, Duration.ZERO, 10, Duration.ofSeconds(30),
            Duration.ZERO, 1), ProgressListener.NONE, new Cancellation());
    assertFalse(m.stable());
    assertTrue(m.warmupNanos() >= 400_000_000L && m.warmupNanos() < 1_000_000_000L, "" + m.warmupNanos());
  }

  @Test
  void theServerScenarioOffersItsRateAndCountsQueueing() throws Exception {
    double rate = 100; // the DS-CNN takes about 4 ms: 40 % busy
    Measurement m = measurer.measure(Models.KWS, new TrialParams(1, 1, true, Scenario.SERVER, rate),
        new MeasureSettings(0, Duration.ZERO, 3, 0.05, Duration.ofSeconds(2), 50, Duration.ofSeconds(30),
            Duration.ZERO, 7), ProgressListener.NONE, new Cancellation());
    double achieved = m.queries() * 1e9 / m.durationNanos();
    assertEquals(rate, achieved, rate * 0.25, "queries arrive at about the asked rate");
    Histogram h = m.latency().decode();
    assertEquals(m.queries(), h.getTotalCount());
    Measurement alone = measurer.measure(Models.KWS, new TrialParams(1, 1, true),
        new MeasureSettings(0, Duration.ZERO, 3, 0.05, Duration.ZERO, 50, Duration.ofSeconds(30), Duration.ZERO, 7),
        ProgressListener.NONE, new Cancellation());
    assertTrue(h.getValueAtPercentile(99) > alone.latency().decode().getValueAtPercentile(99),
        "random arrivals queue behind each other: p99 grows beyond a lone query's");
  }

  @Test
  void theOfflineScenarioRunsQueriesBackToBack() throws Exception {
    Measurement m = measurer.measure(Models.KWS, new TrialParams(4, 1, true, Scenario.OFFLINE, 0),
        new MeasureSettings(0, Duration.ofMillis(200), 20, Duration.ofSeconds(30)), ProgressListener.NONE,
        new Cancellation());
    Histogram h = m.latency().decode();
    long busy = (long) (h.getMean() * h.getTotalCount());
    assertTrue(busy > 0.9 * m.durationNanos(), "back to back: the model runs almost all of the time");
  }

  @Test
  void aMeasurementOnThisMachineCarriesRealCpuAndMemoryFigures() throws Exception {
    Measurer sampled = new Measurer(TfliteRuntime.start(), SystemMonitor.detect(Duration.ofMillis(50)));
    Measurement m = sampled.measure(Models.MOBILENET, new TrialParams(1, 1, true),
        new MeasureSettings(5, Duration.ofMillis(500), 10, Duration.ofSeconds(30)), ProgressListener.NONE,
        new Cancellation());
    java.util.Map<String, dev.tierbench.common.protocol.MetricSummary> by = new java.util.HashMap<>();
    m.system().forEach(s -> by.put(s.metric(), s));
    var rss = by.get("memory_rss_bytes");
    assertTrue(rss != null && rss.max() > 50e6 && rss.max() < 8e9, "a JVM running TFLite: " + rss);
    var cpu = by.get("cpu_process_ratio");
    // One interpreter thread busy on a machine of n CPUs: about 1/n of the machine, and more than nothing.
    double oneCore = 1.0 / Runtime.getRuntime().availableProcessors();
    assertTrue(cpu != null && cpu.mean() > 0.3 * oneCore && cpu.mean() < 1.01, "process CPU share " + cpu);
    assertTrue(by.containsKey("jvm_heap_used_bytes") && by.containsKey("memory_available_bytes"));
    assertTrue(by.get("memory_rss_bytes").samples() >= 5, "sampled every 50 ms over 500 ms");
  }
}
