package dev.tierbench.coordinator.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tierbench.coordinator.analysis.Interval;
import dev.tierbench.coordinator.analysis.Metric;
import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Objective;
import dev.tierbench.coordinator.analysis.SyntheticVariants;
import dev.tierbench.coordinator.analysis.UnknownMetricException;
import dev.tierbench.coordinator.analysis.Variant;

class RecommenderTest {

  /** Bigger batches: more throughput, more latency. */
  private static final Variant SMALL = SyntheticVariants.withBatch(
      SyntheticVariants.variant("m-b1", "iot", 100_000_000, 20, 0.05, 3, 1000, 1), 1);
  private static final Variant MEDIUM = SyntheticVariants.withBatch(
      SyntheticVariants.variant("m-b4", "iot", 100_000_000, 40, 0.05, 3, 1000, 2), 4);
  private static final Variant LARGE = SyntheticVariants.withBatch(
      SyntheticVariants.variant("m-b16", "iot", 100_000_000, 100, 0.05, 3, 1000, 3), 16);
  private static final Variant CLOUD = SyntheticVariants.withBatch(
      SyntheticVariants.variant("m-b16", "cloud", 100_000_000, 5, 0.05, 3, 1000, 4), 16);
  private static final List<Variant> ALL = List.of(SMALL, MEDIUM, LARGE, CLOUD);
  private static final List<Metric> AVAILABLE = MetricCatalog.available(ALL);

  private static Query query(String goal, String where, String tier) {
    return new Query(Objective.parse(goal, AVAILABLE), Constraint.parseAll(where.isEmpty() ? List.of() : List.of(where),
        AVAILABLE), tier);
  }

  @Test
  void theBestFeasibleVariantWinsAndTheRunnerUpAndTheExcludedAreExplained() {
    Recommendation r = Recommender.recommend(ALL, query("throughput", "p99_ms<=50", "iot"), 500, 1);
    assertTrue(r.found());
    assertEquals(MEDIUM.id(), r.best().variantId());
    assertEquals(SMALL.id(), r.runnerUp().variantId());
    assertEquals(3, r.considered());
    assertEquals(2, r.feasible());
    assertTrue(r.why().contains("throughput"), r.why());
    assertTrue(r.bestAheadShare() > 0.99, "4x the samples per query is no coin toss: " + r.bestAheadShare());
    assertEquals(List.of(LARGE.id()), r.betterButExcluded().stream().map(Candidate::variantId).toList());
    assertTrue(r.betterButExcluded().get(0).misses().get(0).startsWith("p99_ms"), r.betterButExcluded().toString());
    Interval p99 = r.best().figures().get("p99_ms");
    assertTrue(p99.low() <= p99.estimate() && p99.estimate() <= p99.high() && p99.high() < 50, p99.toString());
    assertEquals(1.0, r.best().constraintsMetShare(), 0.01);
    assertTrue(r.answer().startsWith(MEDIUM.model()), r.answer());
  }

  @Test
  void withoutATierEveryTierCompetes() {
    Recommendation r = Recommender.recommend(ALL, query("throughput", "p99_ms<=50", null), 200, 1);
    assertEquals(CLOUD.id(), r.best().variantId());
    assertEquals(4, r.considered());
  }

  @Test
  void whenNothingQualifiesTheClosestIsNamedWithWhatItMisses() {
    Recommendation r = Recommender.recommend(ALL, query("throughput", "p99_ms <= 10 and flops <= 1e9", "iot"), 200, 1);
    assertFalse(r.found());
    assertNull(r.best());
    assertEquals(SMALL.id(), r.closest().variantId(), "20 ms misses 10 ms by the least");
    assertTrue(r.answer().startsWith("no variant meets"), r.answer());
    assertEquals(1, r.closest().misses().size(), "flops holds, only p99 misses: " + r.closest().misses());
  }

  @Test
  void minimisingPicksTheSmallestFeasible() {
    Recommendation r = Recommender.recommend(ALL, query("p50_ms", "throughput >= 80", "iot"), 200, 1);
    assertEquals(MEDIUM.id(), r.best().variantId(), "the smallest batch gives 50/s, too few");
  }

  @Test
  void badConstraintsAndMetricsSayWhatExists() {
    IllegalArgumentException garbled = assertThrows(IllegalArgumentException.class,
        () -> Constraint.parse("p99_ms is small", AVAILABLE));
    assertTrue(garbled.getMessage().contains("p99_ms<=50") && garbled.getMessage().contains("throughput"),
        garbled.getMessage());
    UnknownMetricException unknown = assertThrows(UnknownMetricException.class,
        () -> Constraint.parse("p98_ms < 3", AVAILABLE));
    assertTrue(unknown.getMessage().contains("unknown metric 'p98_ms'") && unknown.getMessage().contains("p99_ms"),
        unknown.getMessage());
    UnknownMetricException absent = assertThrows(UnknownMetricException.class,
        () -> Objective.parse("accuracy", AVAILABLE));
    assertTrue(absent.getMessage().contains("no variant of this run has accuracy"), absent.getMessage());
  }
}
