package dev.tierbench.agent.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The time budget, on a clock the test moves: no real time involved. */
class RepeatsTest {

  private static final long MS = 1_000_000;

  /** The clock; each run of the action below moves it 10 ms. */
  private long now;

  private final Repeats repeats = new Repeats(() -> now);

  private void tenMilliseconds() {
    now += 10 * MS;
  }

  @Test
  void runsUntilTheDeadlinePasses() {
    double[] seconds = repeats.seconds(this::tenMilliseconds, 35 * MS);
    // Runs start at 0, 10, 20 and 30 ms; at 40 the deadline has passed.
    assertArrayEquals(new double[] {0.01, 0.01, 0.01, 0.01}, seconds, 1e-12);
  }

  @Test
  void aDeadlineAlreadyPastStillGivesTheMinimumRuns() {
    now = 100 * MS;
    assertEquals(Repeats.MIN_RUNS, repeats.seconds(this::tenMilliseconds, 0).length);
  }

  @Test
  void timesComeSortedAndTheMedianIsTheMiddle() {
    long[] steps = {50, 10, 30};
    int[] run = {0};
    double[] seconds = repeats.seconds(() -> now += steps[run[0]++] * 1_000_000_000L, 0);
    assertArrayEquals(new double[] {10, 30, 50}, seconds);
    assertEquals(30, Repeats.median(seconds));
    assertEquals(25, Repeats.median(new double[] {10, 20, 30, 40}));
  }
}
