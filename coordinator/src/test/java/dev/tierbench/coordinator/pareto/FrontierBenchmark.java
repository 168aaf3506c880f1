package dev.tierbench.coordinator.pareto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Objective;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.VariantSampler;
import dev.tierbench.coordinator.analysis.SyntheticVariants;

/**
 * How long a stochastic frontier takes at sweep scale: {@code bench/frontier.sh} runs this with N points and
 * draws (default 1,000 x 1,000) and prints the median seconds of three frontiers, for 2 and 3 objectives,
 * after a warm-up one. Each point is a variant with 3 repetitions of 300 latencies and a binomial accuracy over 2,000
 * samples, spread so that a few dozen are on the frontier, as in a real scaling sweep.
 */
public final class FrontierBenchmark {

  private FrontierBenchmark() {}

  public static void main(String[] args) {
    int points = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int draws = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    List<Variant> variants = variants(points);
    List<VariantSampler> samplers = variants.stream().map(VariantSampler::new).toList();
    var available = MetricCatalog.available(variants);
    System.out.printf(Locale.ROOT, "stochastic frontier: %d points x %d draws, %d cores (common pool parallelism %d)%n",
        points, draws, Runtime.getRuntime().availableProcessors(),
        java.util.concurrent.ForkJoinPool.commonPool().getParallelism());
    for (List<String> names : List.of(List.of("accuracy", "p50_ms"), List.of("accuracy", "p99_ms", "model_mb"))) {
      List<Objective> objectives = Objective.parseAll(names, available);
      long cold = System.nanoTime();
      StochasticFrontier.of(samplers, objectives, draws, 99);
      double coldSeconds = (System.nanoTime() - cold) / 1e9;
      double[] times = new double[3];
      StochasticFrontier.Odds odds = null;
      for (int round = 0; round < times.length; round++) {
        long start = System.nanoTime();
        odds = StochasticFrontier.of(samplers, objectives, draws, 1);
        times[round] = (System.nanoTime() - start) / 1e9;
      }
      java.util.Arrays.sort(times);
      double seconds = times[1];
      long likely = java.util.Arrays.stream(odds.optimal()).filter(p -> p >= 0.5).count();
      long ever = java.util.Arrays.stream(odds.optimal()).filter(p -> p > 0).count();
      System.out.printf(Locale.ROOT, "  %-28s %5.2f s median of 3, %5.2f s the first (cold JIT)  (%.2f ms per draw;"
          + " %d points optimal in >= half the draws, %d ever)%n", String.join(", ", names), seconds, coldSeconds, 1e3 * seconds / draws, likely, ever);
    }
  }

  private static List<Variant> variants(int n) {
    SplittableRandom random = new SplittableRandom(42);
    List<Variant> variants = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Size on a log scale; latency grows with it, accuracy saturates, both with noise.
      double size = Math.pow(10, 6 + 3 * random.nextDouble());
      double median = size / 2e7 * Math.exp(0.3 * random.nextGaussian());
      double accuracy = Math.min(0.99, 0.5 + 0.07 * Math.log10(size) + 0.03 * random.nextGaussian() - 0.3);
      Variant v = SyntheticVariants.variant("v" + i, "edge", (long) size, median, 0.1, 3, 300, random.nextLong());
      variants.add(SyntheticVariants.withAccuracy(v, Math.round(accuracy * 2_000), 2_000));
    }
    return variants;
  }
}
