package dev.tierbench.coordinator.adaptive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class FrontierOddsTest {

  @Test
  void oneDrawIsTheParetoFrontier() {
    double[] quality = {0.9, 0.8, 0.95, 0.7, 0.8};
    double[] latency = {2, 1, 5, 3, 1.5};
    // 0.7 at 3 ms is beaten by 0.9 at 2 ms; 0.8 at 1.5 ms by 0.8 at 1 ms.
    assertArrayEquals(new boolean[] {true, true, true, false, false}, FrontierOdds.frontier(quality, latency));
  }

  @Test
  void oddsCountTheDrawsAVariantIsOptimalIn() {
    double[] quality = {0.9, 0.8, 0.85};
    double[][] draws = {{2, 1, 3}, {2, 1, 1.5}, {2, 1, 0.5}, {2, 1, 4}};
    // The third is beaten by the first in draws 1 and 4, optimal in draw 2 (between them) and 3 (fastest of all),
    // and in draw 3 takes the second's place.
    assertArrayEquals(new double[] {1, 0.75, 0.5}, FrontierOdds.of(quality, draws), 1e-12);
  }

  @Test
  void ofTwoEqualVariantsTheFirstIsOptimal() {
    assertArrayEquals(new double[] {1, 0}, FrontierOdds.of(new double[] {0.5, 0.5}, new double[][] {{1, 1}}), 0);
  }
}
