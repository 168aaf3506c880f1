package dev.tierbench.coordinator.pareto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tierbench.coordinator.analysis.Metric;
import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Objective;
import dev.tierbench.coordinator.analysis.SyntheticVariants;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.VariantSampler;

class StochasticFrontierTest {

  private static final List<Metric> ALL = MetricCatalog.all();

  private static List<Objective> objectives(String... names) {
    return Objective.parseAll(List.of(names), ALL);
  }

  private static List<VariantSampler> samplers(Variant... variants) {
    return java.util.Arrays.stream(variants).map(VariantSampler::new).toList();
  }

  @Test
  void aClearWinnerIsAlmostSurelyOptimalAndAClearLoserAlmostNever() {
    Variant fastSmall = SyntheticVariants.variant("fast", "t", 100, 2.0, 0.05, 3, 2000, 1);
    Variant slowBig = SyntheticVariants.variant("slow", "t", 400, 4.0, 0.05, 3, 2000, 2);
    Variant tradeOff = SyntheticVariants.variant("tradeoff", "t", 50, 6.0, 0.05, 3, 2000, 3);
    StochasticFrontier.Odds odds = StochasticFrontier.of(samplers(fastSmall, slowBig, tradeOff),
        objectives("p50_ms", "flops"), 1000, 42);
    assertEquals(1.0, odds.optimal()[0], 0.01);
    assertEquals(0.0, odds.optimal()[1], 0.01);
    assertEquals(1.0, odds.optimal()[2], 0.01);
    assertEquals(2.0, odds.expectedRank()[1], 0.01);
  }

  @Test
  void indistinguishableVariantsSplitTheFrontier() {
    // Same FLOPs, the same measured latencies: which one is faster in a draw is a coin toss.
    Variant a = SyntheticVariants.variant("a", "t", 100, 3.0, 0.2, 3, 500, 10);
    Variant b = SyntheticVariants.variant("b", "t", 100, 3.0, 0.2, 3, 500, 10);
    StochasticFrontier.Odds odds = StochasticFrontier.of(samplers(a, b), objectives("p50_ms", "flops"), 2000, 7);
    assertEquals(odds.optimal()[0], odds.optimal()[1], 0.06);
    assertTrue(odds.optimal()[0] > 0.45 && odds.optimal()[0] < 0.65, "a: " + odds.optimal()[0]);
    // Both are optimal only when their draws tie exactly (latencies are bucketed to 0.1 %).
    assertEquals(1.0, odds.optimal()[0] + odds.optimal()[1], 0.2);
  }

  @Test
  void aSmallAccuracyEdgeIsCertainOnlyWithAnAmpleTestSet() {
    Variant big = SyntheticVariants.variant("big", "t", 200, 3.0, 0.05, 2, 1000, 1);
    Variant small = SyntheticVariants.variant("small", "t", 200, 3.0, 0.05, 2, 1000, 1);
    List<Objective> accuracyAndFlops = objectives("accuracy", "flops");
    StochasticFrontier.Odds ample = StochasticFrontier.of(samplers(SyntheticVariants.withAccuracy(big, 9100, 10000),
        SyntheticVariants.withAccuracy(small, 9000, 10000)), accuracyAndFlops, 1000, 1);
    StochasticFrontier.Odds scarce = StochasticFrontier.of(samplers(SyntheticVariants.withAccuracy(big, 91, 100),
        SyntheticVariants.withAccuracy(small, 90, 100)), accuracyAndFlops, 1000, 1);
    assertTrue(ample.optimal()[1] < 0.02, "1 point of 10,000 examples: " + ample.optimal()[1]);
    assertTrue(scarce.optimal()[1] > 0.3, "1 point of 100 examples is noise: " + scarce.optimal()[1]);
  }

  @Test
  void theSameSeedGivesTheSameAnswerAndAnotherSeedAnother() {
    Variant a = SyntheticVariants.variant("a", "t", 100, 3.0, 0.2, 3, 300, 10);
    Variant b = SyntheticVariants.variant("b", "t", 100, 3.05, 0.2, 3, 300, 11);
    Variant c = SyntheticVariants.variant("c", "t", 90, 3.1, 0.2, 3, 300, 12);
    List<Objective> o = objectives("p99_ms", "flops", "throughput");
    StochasticFrontier.Odds first = StochasticFrontier.of(samplers(a, b, c), o, 333, 5);
    StochasticFrontier.Odds again = StochasticFrontier.of(samplers(a, b, c), o, 333, 5);
    StochasticFrontier.Odds other = StochasticFrontier.of(samplers(a, b, c), o, 333, 6);
    assertArrayEquals(first.optimal(), again.optimal());
    assertArrayEquals(first.expectedRank(), again.expectedRank());
    assertTrue(!java.util.Arrays.equals(first.expectedRank(), other.expectedRank()));
  }
}
