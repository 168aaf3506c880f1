package dev.tierbench.coordinator.pareto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ParetoRanksTest {

  /** The definition, O(n²) per peel: rank k holds the points no remaining point dominates. */
  static int[] bruteForce(double[][] points) {
    int[] ranks = new int[points.length];
    int assigned = 0;
    for (int rank = 1; assigned < points.length; rank++) {
      int[] peel = new int[points.length];
      for (int i = 0; i < points.length; i++) {
        if (ranks[i] != 0) {
          continue;
        }
        boolean dominated = false;
        for (int j = 0; j < points.length && !dominated; j++) {
          dominated = ranks[j] == 0 && ParetoRanks.dominates(points[j], points[i]);
        }
        peel[i] = dominated ? 0 : rank;
      }
      for (int i = 0; i < points.length; i++) {
        if (peel[i] != 0) {
          ranks[i] = peel[i];
          assigned++;
        }
      }
    }
    return ranks;
  }

  @ParameterizedTest(name = "{0} points, {1} dimensions, values from {2} levels")
  @CsvSource({"1, 2, 10", "2, 2, 3", "500, 1, 20", "1000, 2, 1000000", "1000, 2, 8", "800, 3, 1000000", "800, 3, 5",
      "600, 4, 6", "400, 5, 1000000", "300, 6, 3"})
  void agreesWithTheDefinitionOnRandomData(int n, int dimensions, int levels) {
    SplittableRandom random = new SplittableRandom(n * 31L + dimensions * 7L + levels);
    for (int round = 0; round < 5; round++) {
      double[][] points = new double[n][dimensions];
      for (double[] p : points) {
        for (int d = 0; d < dimensions; d++) {
          // Few levels force ties and exact duplicates; many give distinct values.
          p[d] = random.nextInt(levels) - levels / 2.0;
        }
      }
      assertArrayEquals(bruteForce(points), ParetoRanks.of(points), Arrays.deepToString(points).substring(0,
          Math.min(200, Arrays.deepToString(points).length())));
    }
  }

  @Test
  void aSmallFrontierByHand() {
    double[][] points = {{1, 5}, {2, 2}, {5, 1}, {3, 3}, {2, 2}, {6, 6}, {4, 4}, {1, 6}};
    assertArrayEquals(new int[] {1, 1, 1, 2, 1, 4, 3, 2}, ParetoRanks.of(points));
  }

  @Test
  void aNegatedZeroEqualsZero() {
    double[][] points = {{-0.0, 5}, {0.0, 5}, {0.0, 6}};
    assertArrayEquals(new int[] {1, 1, 2}, ParetoRanks.of(points));
    double[][] three = {{-0.0, 5, 1}, {0.0, 5, 1}, {0.0, 6, 1}};
    assertArrayEquals(new int[] {1, 1, 2}, ParetoRanks.of(three));
  }

  @Test
  void nanAndRaggedInputAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ParetoRanks.of(new double[][] {{1, Double.NaN}}));
    assertThrows(IllegalArgumentException.class, () -> ParetoRanks.of(new double[][] {{1, 2}, {1, 2, 3}}));
    assertArrayEquals(new int[0], ParetoRanks.of(new double[0][]));
  }
}
