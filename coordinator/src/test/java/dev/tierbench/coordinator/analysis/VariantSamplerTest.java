package dev.tierbench.coordinator.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

import dev.tierbench.common.stats.LatencySummary;

class VariantSamplerTest {

  private static final Metric P50 = MetricCatalog.find("p50_ms").orElseThrow();
  private static final Metric P99 = MetricCatalog.find("p99_ms").orElseThrow();

  @Test
  void pointEstimatesAreTheMergedHistogramsQuantiles() {
    SplittableRandom random = new SplittableRandom(3);
    List<Histogram> histograms = List.of(SyntheticVariants.latencies(random, 2.0, 0.3, 5000),
        SyntheticVariants.latencies(random, 2.4, 0.1, 700), SyntheticVariants.latencies(random, 1.7, 0.6, 12000));
    List<Repetition> reps = histograms.stream().map(h -> SyntheticVariants.repetition(h, 1)).toList();
    Variant v = new Variant("t", "edge", "m", "f", "float32", SyntheticVariants.axes(1), 1, 1, 1, 1, 1, true, reps, null);
    LatencySummary merged = SyntheticVariants.hdrMerged(histograms);
    assertEquals(merged.p50() / 1e6, P50.value(v));
    assertEquals(merged.p99() / 1e6, P99.value(v));
    assertEquals(merged.p999() / 1e6, MetricCatalog.find("p999_ms").orElseThrow().value(v));
  }

  @Test
  void theBootstrapMedianSpreadsAsTheoryPredicts() {
    // One repetition of n log-normal latencies: the median's standard error is 1.2533 σ_median-scale / √n,
    // i.e. sqrt(π/2) × median × spread / √n for a log-normal with small spread.
    int n = 4000;
    double spread = 0.2;
    Variant v = SyntheticVariants.variant("a", "edge", 100, 5.0, spread, 1, n, 11);
    VariantSampler sampler = new VariantSampler(v);
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {1, 2});
    List<Double> medians = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      medians.add(P50.of(sampler.resample(rng)));
    }
    double mean = medians.stream().mapToDouble(d -> d).average().orElseThrow();
    double sd = Math.sqrt(medians.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum() / (medians.size() - 1));
    double expected = Math.sqrt(Math.PI / 2) * P50.value(v) * spread / Math.sqrt(n);
    assertEquals(P50.value(v), mean, expected, "bootstrap medians centre on the estimate");
    assertEquals(expected, sd, expected * 0.15, "bootstrap spread of the median");
  }

  @Test
  void repetitionsThatDisagreeWidenTheBootstrap() {
    // Same within-repetition noise, but the second variant's repetitions sit at different levels.
    SplittableRandom random = new SplittableRandom(5);
    List<Repetition> agreeing = new ArrayList<>();
    List<Repetition> disagreeing = new ArrayList<>();
    for (int r = 0; r < 5; r++) {
      agreeing.add(SyntheticVariants.repetition(SyntheticVariants.latencies(random, 3.0, 0.1, 2000), 1));
      disagreeing.add(SyntheticVariants.repetition(SyntheticVariants.latencies(random, 2.5 + 0.25 * r, 0.1, 2000), 1));
    }
    double narrow = spread(new Variant("a", "t", "a", "f", "float32", SyntheticVariants.axes(1), 1, 1, 1, 1, 1, true, agreeing,
        null));
    double wide = spread(new Variant("b", "t", "b", "f", "float32", SyntheticVariants.axes(1), 1, 1, 1, 1, 1, true, disagreeing,
        null));
    assertTrue(wide > 5 * narrow, "between-repetition variation must show: " + narrow + " vs " + wide);
  }

  @Test
  void accuracyIsResampledFromItsBinomialError() {
    Variant v = SyntheticVariants.withAccuracy(SyntheticVariants.variant("a", "t", 1, 1, 0.1, 1, 100, 1), 900, 1000);
    Metric accuracy = MetricCatalog.find("accuracy").orElseThrow();
    assertEquals(0.9, accuracy.value(v));
    VariantSampler sampler = new VariantSampler(v);
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {7, 8});
    double[] draws = new double[20000];
    for (int i = 0; i < draws.length; i++) {
      draws[i] = accuracy.of(sampler.resample(rng));
    }
    double mean = java.util.Arrays.stream(draws).average().orElseThrow();
    double sd = Math.sqrt(java.util.Arrays.stream(draws).map(d -> (d - mean) * (d - mean)).sum() / draws.length);
    assertEquals(0.9, mean, 0.001);
    assertEquals(Math.sqrt(0.9 * 0.1 / 1000), sd, 0.0005);
  }

  @Test
  void missingFiguresAreNotAvailableNeverZero() {
    Variant v = SyntheticVariants.variant("a", "t", 1, 1, 0.1, 2, 100, 1);
    assertTrue(Double.isNaN(MetricCatalog.find("energy_per_inference_j").orElseThrow().value(v)));
    assertTrue(Double.isNaN(MetricCatalog.find("peak_rss_mb").orElseThrow().value(v)));
    assertTrue(Double.isNaN(MetricCatalog.find("accuracy").orElseThrow().value(v)));
    List<String> available = MetricCatalog.available(List.of(v)).stream().map(Metric::name).toList();
    assertTrue(available.containsAll(List.of("p50_ms", "throughput", "flops")));
    assertTrue(!available.contains("accuracy") && !available.contains("energy_per_inference_j"), available.toString());
  }

  private static double spread(Variant v) {
    VariantSampler sampler = new VariantSampler(v);
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {3, 4});
    double[] draws = new double[2000];
    for (int i = 0; i < draws.length; i++) {
      draws[i] = P50.of(sampler.resample(rng));
    }
    double mean = java.util.Arrays.stream(draws).average().orElseThrow();
    return Math.sqrt(java.util.Arrays.stream(draws).map(d -> (d - mean) * (d - mean)).sum() / draws.length);
  }
}
