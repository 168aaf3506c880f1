package dev.tierbench.coordinator.adaptive;

import java.util.ArrayList;
import java.util.List;

import dev.tierbench.coordinator.analysis.Generators;

/**
 * The variants measured before anything is fitted: spread over the space the latency model works in (farthest-point
 * sampling on standardized features, from a variant the seed picks), so that the first fit interpolates rather than
 * extrapolates. The same candidates and seed give the same set.
 */
final class InitialSet {

  private InitialSet() {}

  /** {@code count} of {@code candidates} (all, if fewer), in the order chosen; uninspected models first. */
  static List<Candidate> choose(List<Candidate> candidates, int count, long seed) {
    List<Candidate> chosen = new ArrayList<>();
    List<Candidate> placed = new ArrayList<>();
    for (Candidate c : candidates) {
      (c.variant() == null ? chosen : placed).add(c);
    }
    if (chosen.size() >= count || placed.isEmpty()) {
      return List.copyOf(chosen.subList(0, Math.min(count, chosen.size())));
    }
    double[][] points = standardized(placed);
    double[] nearest = new double[points.length];
    java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    int next = Generators.of(seed, 2).nextInt(points.length);
    while (chosen.size() < count && next >= 0) {
      chosen.add(placed.get(next));
      int farthest = -1;
      for (int i = 0; i < points.length; i++) {
        nearest[i] = Math.min(nearest[i], distance(points[i], points[next]));
        if (nearest[i] > 0 && (farthest < 0 || nearest[i] > nearest[farthest])) {
          farthest = i;
        }
      }
      next = farthest;
    }
    return List.copyOf(chosen);
  }

  private static double[][] standardized(List<Candidate> placed) {
    int n = placed.size();
    double[][] x = new double[n][];
    for (int i = 0; i < n; i++) {
      x[i] = placed.get(i).variant().features();
    }
    int p = x[0].length;
    for (int j = 0; j < p; j++) {
      double mean = 0;
      for (double[] row : x) {
        mean += row[j] / n;
      }
      double variance = 0;
      for (double[] row : x) {
        variance += (row[j] - mean) * (row[j] - mean) / n;
      }
      double scale = variance > 1e-18 ? Math.sqrt(variance) : 1;
      for (double[] row : x) {
        row[j] = (row[j] - mean) / scale;
      }
    }
    return x;
  }

  private static double distance(double[] a, double[] b) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      sum += (a[j] - b[j]) * (a[j] - b[j]);
    }
    return sum;
  }
}
