package dev.tierbench.coordinator.adaptive;

import java.util.Arrays;
import java.util.Comparator;

/**
 * How likely each variant of a tier is to be on its frontier (higher quality, lower latency) given joint draws of
 * their latencies: measured variants sit at their measurement in every draw, predicted ones vary with the latency
 * model. A variant is optimal in a draw when no other is at least as good on both and better on one (of two equal
 * ones, the first).
 */
final class FrontierOdds {

  private FrontierOdds() {}

  /** Per variant, the share of {@code draws} (draw × variant latencies) in which it is optimal. */
  static double[] of(double[] quality, double[][] draws) {
    int n = quality.length;
    double[] optimal = new double[n];
    Integer[] order = new Integer[n];
    for (double[] latency : draws) {
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> latency[i]).thenComparing(i -> -quality[i]));
      double best = Double.NEGATIVE_INFINITY;
      for (int i : order) {
        if (quality[i] > best) {
          optimal[i]++;
          best = quality[i];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      optimal[i] /= draws.length;
    }
    return optimal;
  }

  /** The variants optimal at the given latencies: one draw, as a mask. */
  static boolean[] frontier(double[] quality, double[] latency) {
    double[] odds = of(quality, new double[][] {latency});
    boolean[] on = new boolean[odds.length];
    for (int i = 0; i < on.length; i++) {
      on[i] = odds[i] == 1;
    }
    return on;
  }
}
