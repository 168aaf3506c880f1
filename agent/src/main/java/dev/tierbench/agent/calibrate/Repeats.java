package dev.tierbench.agent.calibrate;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Times an action again and again until a deadline: a time budget, not an iteration count, so that calibration
 * takes about as long on a slow board as on a server. At least {@link #MIN_RUNS} runs, whatever the deadline, so
 * that there is always a median.
 */
final class Repeats {

  static final int MIN_RUNS = 3;

  private final LongSupplier nanoClock;

  /** @param nanoClock {@link System#nanoTime} but in tests */
  Repeats(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  long now() {
    return nanoClock.getAsLong();
  }

  /** Each run's time in seconds, ascending. */
  double[] seconds(Runnable action, long deadlineNanos) {
    double[] times = new double[16];
    int runs = 0;
    while (runs < MIN_RUNS || now() - deadlineNanos < 0) {
      long start = now();
      action.run();
      if (runs == times.length) {
        times = Arrays.copyOf(times, runs * 2);
      }
      times[runs++] = (now() - start) / 1e9;
    }
    double[] sorted = Arrays.copyOf(times, runs);
    Arrays.sort(sorted);
    return sorted;
  }

  static double median(double[] ascending) {
    int n = ascending.length;
    return n % 2 == 1 ? ascending[n / 2] : (ascending[n / 2 - 1] + ascending[n / 2]) / 2;
  }
}
