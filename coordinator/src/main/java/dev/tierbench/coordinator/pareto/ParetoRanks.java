package dev.tierbench.coordinator.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Non-dominated sorting: every point's Pareto rank (1 = on the frontier, 2 = on the frontier once rank 1 is
 * removed, ...). Smaller is better in every coordinate; callers negate what they maximise. Identical points
 * do not dominate each other and share a rank.
 *
 * <p>Both algorithms process points in lexicographic order, so that a point can only be dominated by one
 * processed before it. In two dimensions a front is summed up by its smallest second coordinate and a binary
 * search over fronts places each point: O(n log n). Beyond, each point goes to the first front with no member
 * that dominates it, found by binary search over fronts (Zhang et al., "An Efficient Approach to
 * Nondominated Sorting for Evolutionary Multiobjective Optimization", 2015: ENS-BS), which is correct because
 * a point dominated by a member of front k is dominated by a member of every earlier front.
 */
public final class ParetoRanks {

  private ParetoRanks() {}

  public static int[] of(double[][] points) {
    if (points.length == 0) {
      return new int[0];
    }
    int dimensions = points[0].length;
    double[][] normalized = new double[points.length][];
    for (int i = 0; i < points.length; i++) {
      double[] p = points[i];
      if (p.length != dimensions) {
        throw new IllegalArgumentException("points have " + dimensions + " and " + p.length + " coordinates");
      }
      for (double v : p) {
        if (Double.isNaN(v)) {
          throw new IllegalArgumentException("a point has a NaN coordinate: " + Arrays.toString(p));
        }
      }
      // -0.0 + 0.0 is 0.0: a negated zero must sort and compare equal to zero.
      normalized[i] = Arrays.stream(p).map(v -> v + 0.0).toArray();
    }
    return dimensions <= 2 ? twoDimensional(normalized) : general(normalized);
  }

  /** Whether {@code a} is at least as good as {@code b} everywhere and better somewhere. */
  public static boolean dominates(double[] a, double[] b) {
    boolean better = false;
    for (int i = 0; i < a.length; i++) {
      if (a[i] > b[i]) {
        return false;
      }
      better |= a[i] < b[i];
    }
    return better;
  }

  private static Integer[] lexicographic(double[][] points) {
    Integer[] order = new Integer[points.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Arrays.compare(points[a], points[b]));
    return order;
  }

  private static int[] twoDimensional(double[][] points) {
    Integer[] order = lexicographic(points);
    int[] ranks = new int[points.length];
    double[] frontMinY = new double[points.length];
    int fronts = 0;
    for (int n = 0; n < order.length; n++) {
      int i = order[n];
      if (n > 0 && Arrays.equals(points[i], points[order[n - 1]])) {
        ranks[i] = ranks[order[n - 1]];
        continue;
      }
      double y = points[i].length == 2 ? points[i][1] : 0;
      // Every processed point has x <= this one's; a front holding one with y <= this y dominates it.
      int low = 0;
      int high = fronts;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (frontMinY[mid] <= y) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      frontMinY[low] = y;
      fronts = Math.max(fronts, low + 1);
      ranks[i] = low + 1;
    }
    return ranks;
  }

  private static int[] general(double[][] points) {
    Integer[] order = lexicographic(points);
    int[] ranks = new int[points.length];
    List<List<double[]>> fronts = new ArrayList<>();
    for (int i : order) {
      double[] p = points[i];
      int low = 0;
      int high = fronts.size();
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (dominatedBy(fronts.get(mid), p)) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      if (low == fronts.size()) {
        fronts.add(new ArrayList<>());
      }
      fronts.get(low).add(p);
      ranks[i] = low + 1;
    }
    return ranks;
  }

  private static boolean dominatedBy(List<double[]> front, double[] p) {
    // The latest members are the likeliest dominators: they are closest in lexicographic order.
    for (int k = front.size() - 1; k >= 0; k--) {
      if (dominates(front.get(k), p)) {
        return true;
      }
    }
    return false;
  }
}
