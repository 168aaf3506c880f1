package dev.tierbench.agent.measure;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Steady-state detection on synthetic window medians. */
class SteadyStateTest {

  @Test
  void aStableSeriesIsSteadyOnceEnoughWindowsAgree() {
    SteadyState steady = new SteadyState(3, 0.05);
    assertFalse(steady.add(1_000), "one window proves nothing");
    assertFalse(steady.add(1_010));
    assertTrue(steady.add(990), "three windows within 5 % of their mean");
  }

  @Test
  void aDriftingSeriesIsNeverSteady() {
    SteadyState steady = new SteadyState(3, 0.05);
    long median = 1_000;
    for (int window = 0; window < 50; window++) {
      median = Math.round(median * 1.06); // slower by 6 % every window: a warming cache never settles
      assertFalse(steady.add(median), "window " + window);
    }
  }

  @Test
  void aSeriesThatSettlesBecomesSteadyAfterTheTransient() {
    SteadyState steady = new SteadyState(3, 0.05);
    long[] medians = {5_000, 3_000, 2_000, 1_500, 1_020, 1_000, 1_010};
    boolean[] expected = {false, false, false, false, false, false, true};
    for (int i = 0; i < medians.length; i++) {
      boolean now = steady.add(medians[i]);
      assertTrue(now == expected[i], "window " + i + " with median " + medians[i]);
    }
  }

  @Test
  void aNoisySeriesWithinToleranceIsSteadyAndOneOutlierBreaksIt() {
    SteadyState steady = new SteadyState(4, 0.10);
    steady.add(100);
    steady.add(108);
    steady.add(95);
    assertTrue(steady.add(102));
    assertFalse(steady.add(150), "an outlier window breaks the steady state");
  }
}
