package dev.tierbench.agent.measure;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tierbench.agent.Models;
import dev.tierbench.agent.runtime.TfliteRuntime;
import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;

/**
 * The threads, XNNPACK and CPU-pinning knobs really act (DJL's own predict path silently ignores both): on MobileNet the
 * latency changes when they change. Each side's figure is its best p50 of three alternating rounds, so that
 * another process's burst on this shared machine cannot fake or hide the effect.
 */
class KnobsTest {

  private static Measurer measurer;

  @BeforeAll
  static void start() {
    measurer = new Measurer(TfliteRuntime.start(), SystemMonitor.off());
  }

  private static final MeasureSettings SETTINGS = new MeasureSettings(20, Duration.ofMillis(300), 50,
      Duration.ofSeconds(30));
  /** Two threads on one CPU take hundreds of milliseconds a query: a few queries and a short warm-up tell. */
  private static final MeasureSettings SHORT = new MeasureSettings(2, Duration.ofMillis(300), 3, 0.5,
      Duration.ZERO, 5, Duration.ofSeconds(30), Duration.ZERO, 1);

  private static long p50(TrialParams params, MeasureSettings settings) throws Exception {
    return measurer.measure(Models.MOBILENET, params, settings, ProgressListener.NONE, new Cancellation())
        .latency().decode().getValueAtPercentile(50);
  }

  private static long[] bestOfThree(TrialParams a, TrialParams b) throws Exception {
    return bestOfThree(a, b, SETTINGS);
  }

  private static long[] bestOfThree(TrialParams a, TrialParams b, MeasureSettings settings) throws Exception {
    long bestA = Long.MAX_VALUE;
    long bestB = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      bestA = Math.min(bestA, p50(a, settings));
      bestB = Math.min(bestB, p50(b, settings));
    }
    return new long[] {bestA, bestB};
  }

  @Test
  void xnnpackChangesTheLatency() throws Exception {
    long[] p50 = bestOfThree(new TrialParams(1, 1, false), new TrialParams(1, 1, true));
    assertTrue(p50[0] > 1.5 * p50[1], "XNNPACK off " + p50[0] + " ns vs on " + p50[1] + " ns");
  }

  @Test
  void twoThreadsAreFasterThanOneOnTwoCores() throws Exception {
    assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two CPUs to show a second thread's effect");
    long[] p50 = bestOfThree(new TrialParams(1, 1, true), new TrialParams(1, 2, true));
    assertTrue(p50[0] > 1.15 * p50[1], "1 thread " + p50[0] + " ns vs 2 threads " + p50[1] + " ns");
  }

  @Test
  void pinningToCpusActs() throws Exception {
    assumeTrue(Affinity.current().cardinality() >= 2, "needs two CPUs to pin to one or both");
    long[] p50 = bestOfThree(new TrialParams(1, 2, true, Scenario.SINGLE_STREAM, 0, "0"),
        new TrialParams(1, 2, true, Scenario.SINGLE_STREAM, 0, "0-1"), SHORT);
    assertTrue(p50[0] > 1.15 * p50[1], "2 threads on one CPU " + p50[0] + " ns vs on two " + p50[1] + " ns");
  }
}
