package dev.tierbench.coordinator.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import dev.tierbench.common.stats.LatencySummary;

/**
 * One test per aggregation policy: each metric combines repetitions chosen so that the policy's answer differs from
 * the tempting wrong one (an average of per-repetition quantiles, of rates, ...).
 */
class AggregationTest {

  private static final SplittableRandom RANDOM = new SplittableRandom(17);

  private static Metric metric(String name) {
    return MetricCatalog.find(name).orElseThrow();
  }

  /** Repetitions of {@code queries} latencies around {@code medianMs}, taking {@code seconds}, with figures. */
  private static Repetition repetition(double medianMs, int queries, double seconds, Map<String, Double> figures) {
    Histogram latencies = SyntheticVariants.latencies(RANDOM, medianMs, 0.2, queries);
    return new Repetition("t" + queries, LatencyDistribution.of(latencies), queries, Math.round(seconds * 1e9),
        figures, true, "host", "TFLite 2.20.0", List.of());
  }

  private static Variant variant(int batch, List<Repetition> repetitions, Accuracy accuracy) {
    return new Variant("trial", "edge", "m", "f", "int8", SyntheticVariants.axes(batch), 4_000_000, 2_000_000, 1000,
        5000, batch, true, repetitions, accuracy);
  }

  @Test
  void everyMetricStatesItsPolicy() {
    Map<String, Aggregation> expected = Map.ofEntries(Map.entry("p50_ms", Aggregation.MERGED_DISTRIBUTION),
        Map.entry("p90_ms", Aggregation.MERGED_DISTRIBUTION), Map.entry("p99_ms", Aggregation.MERGED_DISTRIBUTION),
        Map.entry("p999_ms", Aggregation.MERGED_DISTRIBUTION), Map.entry("mean_ms", Aggregation.MERGED_DISTRIBUTION),
        Map.entry("throughput", Aggregation.RATIO_OF_SUMS),
        Map.entry("energy_per_inference_j", Aggregation.RATIO_OF_SUMS), Map.entry("accuracy", Aggregation.HELD_OUT),
        Map.entry("r2", Aggregation.HELD_OUT), Map.entry("mae", Aggregation.HELD_OUT),
        Map.entry("flops", Aggregation.EXACT), Map.entry("macs", Aggregation.EXACT),
        Map.entry("params", Aggregation.EXACT), Map.entry("model_mb", Aggregation.EXACT),
        Map.entry("training_s", Aggregation.EXACT), Map.entry("training_flops", Aggregation.EXACT),
        Map.entry("peak_rss_mb", Aggregation.MAX), Map.entry("temperature_c", Aggregation.MAX),
        Map.entry("cpu_percent", Aggregation.MEAN), Map.entry("load_ms", Aggregation.MEDIAN),
        Map.entry("first_inference_ms", Aggregation.MEDIAN));
    assertEquals(expected.keySet(), new java.util.HashSet<>(MetricCatalog.all().stream().map(Metric::name).toList()));
    MetricCatalog.all().forEach(m -> assertEquals(expected.get(m.name()), m.aggregation(), m.name()));
  }

  @Test
  void mergedDistributionQuantilesAreTheMergedHistogramsNotAnAverage() {
    List<Histogram> parts = List.of(SyntheticVariants.latencies(RANDOM, 1.0, 0.1, 9000),
        SyntheticVariants.latencies(RANDOM, 10.0, 0.1, 1000));
    List<Repetition> reps = new ArrayList<>();
    for (Histogram h : parts) {
      reps.add(new Repetition("t", LatencyDistribution.of(h), h.getTotalCount(), 1_000_000_000, Map.of(), true, "h",
          "r", List.of()));
    }
    Variant v = variant(1, reps, null);
    LatencySummary hdr = SyntheticVariants.hdrMerged(parts);
    assertEquals(hdr, new MergedLatencies(reps.stream().map(Repetition::latency).toList()).summary(),
        "the merge every figure uses equals HdrHistogram's own");
    assertEquals(hdr.p90() / 1e6, metric("p90_ms").value(v));
    assertEquals(hdr.mean() / 1e6, metric("mean_ms").value(v), 1e-9);
    double averagedP90 = parts.stream().mapToDouble(h -> h.getValueAtPercentile(90)).average().orElseThrow() / 1e6;
    assertTrue(averagedP90 > 2 * metric("p90_ms").value(v), "an averaged p90 (" + averagedP90 + ") would be wrong");
  }

  @Test
  void ratioOfSumsWeighsEachRepetitionByItsQueriesAndTime() {
    // 100 queries in 1 s, then 300 in 2 s: 400 / 3 s = 133.3/s, where the mean of the rates would be 125/s.
    Variant v = variant(2, List.of(repetition(1, 100, 1, Map.of(Repetition.ENERGY_J, 10.0)),
        repetition(1, 300, 2, Map.of(Repetition.ENERGY_J, 60.0))), null);
    assertEquals(2 * 400 / 3.0, metric("throughput").value(v), 1e-9);
    assertNotEquals(2 * (100 + 150) / 2.0, metric("throughput").value(v), 1.0);
    // 70 J over 400 queries of 2 samples, where the mean of per-repetition ratios would be 0.075 J.
    assertEquals(70.0 / 800, metric("energy_per_inference_j").value(v), 1e-12);
    assertNotEquals((10.0 / 200 + 60.0 / 600) / 2, metric("energy_per_inference_j").value(v), 1e-3);
  }

  @Test
  void maxTakesThePeak() {
    Variant v = variant(1, List.of(repetition(1, 50, 1, Map.of(Repetition.RSS_PEAK_BYTES, 100e6,
        Repetition.TEMPERATURE_MAX_C, 61.0)), repetition(1, 50, 1, Map.of(Repetition.RSS_PEAK_BYTES, 300e6,
        Repetition.TEMPERATURE_MAX_C, 55.0))), null);
    assertEquals(300, metric("peak_rss_mb").value(v), 1e-9);
    assertEquals(61, metric("temperature_c").value(v), 1e-9);
    assertEquals(300, Aggregation.MAX.combine(new double[] {300, 100}));
  }

  @Test
  void meanAveragesEquallyLongMeasurements() {
    Variant v = variant(1, List.of(repetition(1, 50, 1, Map.of(Repetition.CPU_MEAN_RATIO, 0.2)),
        repetition(1, 50, 1, Map.of(Repetition.CPU_MEAN_RATIO, 0.4)),
        repetition(1, 50, 1, Map.of(Repetition.CPU_MEAN_RATIO, 0.9))), null);
    assertEquals(50, metric("cpu_percent").value(v), 1e-9);
  }

  @Test
  void medianIgnoresTheOneSlowLoad() {
    Variant v = variant(1, List.of(repetition(1, 50, 1, Map.of(Repetition.LOAD_MS, 1.0)),
        repetition(1, 50, 1, Map.of(Repetition.LOAD_MS, 2.0)), repetition(1, 50, 1, Map.of(Repetition.LOAD_MS, 100.0))),
        null);
    assertEquals(2, metric("load_ms").value(v), 1e-9);
    assertEquals(1.5, Aggregation.MEDIAN.combine(new double[] {2, 1}));
    assertTrue(Double.isNaN(metric("first_inference_ms").value(v)), "not sampled: not available, not zero");
  }

  @Test
  void exactFiguresDoNotDependOnTheRepetitions() {
    Variant one = variant(1, List.of(repetition(1, 50, 1, Map.of())), null);
    Variant three = variant(1, List.of(repetition(1, 50, 1, Map.of()), repetition(2, 60, 1, Map.of()),
        repetition(3, 70, 1, Map.of())), null);
    for (String name : List.of("flops", "macs", "params", "model_mb")) {
      assertEquals(metric(name).value(one), metric(name).value(three), name);
    }
    assertEquals(4_000_000, metric("flops").value(three));
    assertTrue(Double.isNaN(metric("training_s").value(three)), "not trained here: no training cost");
  }

  @Test
  void heldOutScoresCountTheSetOnceHoweverManyRepetitions() {
    Accuracy accuracy = new Accuracy("digits", 90, 120);
    Variant v = variant(1, List.of(repetition(1, 50, 1, Map.of()), repetition(1, 50, 1, Map.of())), accuracy);
    assertEquals(0.75, metric("accuracy").value(v));
    assertTrue(Double.isNaN(metric("accuracy").value(variant(1, v.repetitions(), null))),
        "without a labelled set there is no accuracy");
    assertNotEquals(0.0, metric("accuracy").value(v));
  }

  @Test
  void policiesThatNeedMoreThanValuesDoNotCombineValues() {
    for (Aggregation policy : List.of(Aggregation.MERGED_DISTRIBUTION, Aggregation.RATIO_OF_SUMS, Aggregation.EXACT,
        Aggregation.HELD_OUT)) {
      assertThrows(IllegalStateException.class, () -> policy.combine(new double[] {1, 2}), policy.name());
    }
  }
}
