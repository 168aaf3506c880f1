package dev.tierbench.agent.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The server scenario's arrivals: exponential gaps at the asked rate, checked by Kolmogorov–Smirnov. */
class PoissonArrivalsTest {

  private static final int N = 20_000;

  @Test
  void gapsFitTheExponentialDistributionOfTheRate() {
    double rate = 250;
    PoissonArrivals arrivals = new PoissonArrivals(rate, 42);
    double[] gaps = new double[N];
    for (int i = 0; i < N; i++) {
      gaps[i] = arrivals.nextGapNanos() / 1e9;
    }
    Arrays.sort(gaps);
    double d = 0;
    for (int i = 0; i < N; i++) {
      double cdf = 1 - Math.exp(-rate * gaps[i]);
      d = Math.max(d, Math.max(cdf - (double) i / N, (double) (i + 1) / N - cdf));
    }
    // Critical value of the KS statistic at the 1 % level: 1.63 / sqrt(n).
    assertTrue(d < 1.63 / Math.sqrt(N), "KS distance " + d);
    double mean = Arrays.stream(gaps).average().orElseThrow();
    assertEquals(1 / rate, mean, 0.03 / rate, "mean gap 1/rate");
  }

  @Test
  void aWrongRateFailsTheSameCheck() {
    PoissonArrivals arrivals = new PoissonArrivals(300, 42);
    double[] gaps = new double[N];
    for (int i = 0; i < N; i++) {
      gaps[i] = arrivals.nextGapNanos() / 1e9;
    }
    Arrays.sort(gaps);
    double d = 0;
    for (int i = 0; i < N; i++) {
      double cdf = 1 - Math.exp(-250 * gaps[i]);
      d = Math.max(d, Math.max(cdf - (double) i / N, (double) (i + 1) / N - cdf));
    }
    assertTrue(d > 1.63 / Math.sqrt(N), "the check can tell 300/s from 250/s: KS distance " + d);
  }

  @Test
  void theSameSeedGivesTheSameArrivals() {
    PoissonArrivals a = new PoissonArrivals(100, 7);
    PoissonArrivals b = new PoissonArrivals(100, 7);
    for (int i = 0; i < 100; i++) {
      assertEquals(a.nextGapNanos(), b.nextGapNanos());
    }
  }
}
