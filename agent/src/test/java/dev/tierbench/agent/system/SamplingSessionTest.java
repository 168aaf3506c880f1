package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.protocol.MetricSummary;

/** Sampling on its own thread, summaries, energy and disturbances, with scripted sources. */
class SamplingSessionTest {

  /** A source that reports the next value of a script on each call. */
  private static Sampler scripted(String name, String metric, double... values) {
    AtomicInteger next = new AtomicInteger();
    return new Sampler() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Map<String, Double> sample() {
        int i = next.getAndIncrement();
        return Map.of(metric, values[Math.min(i, values.length - 1)]);
      }
    };
  }

  private static MetricSummary find(SamplingSession.Result result, String metric) {
    return result.metrics().stream().filter(m -> m.metric().equals(metric)).findFirst().orElseThrow();
  }

  @Test
  void summarisesEachMetricOverTheSamples() {
    MetricSummary s = SamplingSession.summarise("x", new double[] {5, 1, 3, 2, 4});
    assertEquals(5, s.samples());
    assertEquals(1, s.min());
    assertEquals(3, s.mean());
    assertEquals(5, s.max());
    assertEquals(5, s.p95());
  }

  @Test
  void aSampleCutShortByStoppingDoesNotDropItsSource() throws Exception {
    // Like vcgencmd interrupted mid-run when the measurement ends: the first periodic call (the second: the first is
    // taken at once, by the caller) blocks until interrupted.
    java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Sampler slow = new Sampler() {
      @Override
      public String name() {
        return "vcgencmd";
      }

      @Override
      public Map<String, Double> sample() throws java.io.IOException {
        if (calls.getAndIncrement() != 1) {
          return Map.of(SystemMetrics.TEMPERATURE, 51.0);
        }
        blocked.countDown();
        try {
          Thread.sleep(60_000);
          return Map.of();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.IOException("interrupted while running vcgencmd", e);
        }
      }
    };
    SamplingSession session = SamplingSession.start(List.of(slow), Duration.ofMillis(10));
    assertTrue(blocked.await(10, java.util.concurrent.TimeUnit.SECONDS));
    SamplingSession.Result result = session.stop();
    assertEquals(2, find(result, SystemMetrics.TEMPERATURE).samples(), "the last sample still asks it");
  }

  @Test
  void samplesPeriodicallyAndReportsTheEnergyUsed() throws Exception {
    Sampler energy = scripted("rapl", SystemMetrics.ENERGY, 100, 101.5, 103, 104.5, 106, 107.5, 109, 110.5, 112);
    SamplingSession session = SamplingSession.start(List.of(energy), Duration.ofMillis(20));
    Thread.sleep(150);
    SamplingSession.Result result = session.stop();
    MetricSummary summary = find(result, SystemMetrics.ENERGY);
    assertTrue(summary.samples() >= 4, "sampled every 20 ms for 150 ms: " + summary.samples());
    assertEquals(summary.max() - summary.min(), result.energyJoules(), 1e-9);
    assertTrue(result.energyJoules() > 0);
  }

  @Test
  void withoutAnEnergySourceEnergyIsNotAvailableNotZero() {
    SamplingSession.Result result = SamplingSession.start(List.of(scripted("p", SystemMetrics.RSS, 1e8)),
        Duration.ofMillis(10)).stop();
    assertTrue(Double.isNaN(result.energyJoules()));
  }

  @Test
  void aSourceThatFailsIsDroppedAndTheOthersGoOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Sampler unplugged = new Sampler() {
      @Override
      public String name() {
        return "unplugged";
      }

      @Override
      public Map<String, Double> sample() throws Exception {
        if (calls.incrementAndGet() > 2) {
          throw new java.io.IOException("No such device");
        }
        return Map.of(SystemMetrics.GPU_UTILIZATION, 0.5);
      }
    };
    SamplingSession session = SamplingSession.start(List.of(unplugged, scripted("p", SystemMetrics.RSS, 1e8)),
        Duration.ofMillis(10));
    Thread.sleep(100);
    SamplingSession.Result result = session.stop();
    assertEquals(3, calls.get(), "asked until it failed, then never again");
    assertEquals(2, find(result, SystemMetrics.GPU_UTILIZATION).samples());
    assertTrue(find(result, SystemMetrics.RSS).samples() > 3);
  }

  @Test
  void frequencyDropsThrottlingAndOtherLoadAreDisturbances() {
    List<String> found = SamplingSession.disturbances(List.of(
        new MetricSummary(SystemMetrics.CPU_FREQUENCY, 10, 1.2e9, 1.6e9, 2.0e9, 2.0e9),
        new MetricSummary(SystemMetrics.TEMPERATURE, 10, 70, 80, 86, 86),
        new MetricSummary(SysfsThermal.TEMPERATURE_TRIP, 10, 85, 85, 85, 85),
        new MetricSummary(SystemMetrics.THROTTLED, 10, 0, 0.3, 1, 1),
        new MetricSummary(SystemMetrics.CPU_SYSTEM, 10, 0.6, 0.8, 0.9, 0.9),
        new MetricSummary(SystemMetrics.CPU_PROCESS, 10, 0.4, 0.5, 0.5, 0.5)));
    assertEquals(List.of("CPU frequency varied from 1200 to 2000 MHz",
        "temperature reached 86.0 °C, at or above the 85.0 °C trip point",
        "the board reported throttling or frequency capping", "other processes used 30 % of the CPUs"), found);
    assertEquals(List.of(), SamplingSession.disturbances(List.of(
        new MetricSummary(SystemMetrics.CPU_FREQUENCY, 10, 1.95e9, 1.98e9, 2.0e9, 2.0e9),
        new MetricSummary(SystemMetrics.CPU_SYSTEM, 10, 0.5, 0.52, 0.6, 0.6),
        new MetricSummary(SystemMetrics.CPU_PROCESS, 10, 0.45, 0.5, 0.5, 0.5))), "steady and alone: nothing to say");
  }
}
