package dev.tierbench.coordinator.pareto;

import java.util.List;
import java.util.stream.IntStream;

import org.apache.commons.rng.UniformRandomProvider;

import dev.tierbench.coordinator.analysis.Cancellation;
import dev.tierbench.coordinator.analysis.Generators;
import dev.tierbench.coordinator.analysis.Limits;
import dev.tierbench.coordinator.analysis.Objective;
import dev.tierbench.coordinator.analysis.Resample;
import dev.tierbench.coordinator.analysis.VariantSampler;

/**
 * The random Pareto frontier (Partovi Nia et al., "Rethinking Pareto Frontier for Performance Evaluation of
 * Deep Neural Networks", 2022): draw every variant's objectives jointly from its bootstrap, rank each draw,
 * and count how often each variant is Pareto-optimal and what rank it gets. Draws are done in fixed chunks,
 * each with its own generator seeded from (seed, chunk): the answer depends on the seed alone, not on how many
 * threads computed it.
 */
public final class StochasticFrontier {

  private static final int CHUNK = 16;

  /** Per variant, in input order: the share of draws in which it was rank 1, and its mean rank. */
  public record Odds(double[] optimal, double[] expectedRank) {}

  private StochasticFrontier() {}

  /** @throws dev.tierbench.coordinator.analysis.CancelledException when the caller's cancellation is cancelled */
  public static Odds of(List<VariantSampler> samplers, List<Objective> objectives, int draws, long seed) {
    Limits.DRAWS.check(draws);
    int n = samplers.size();
    double[][] estimates = new double[n][objectives.size()];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < objectives.size(); j++) {
        estimates[i][j] = objectives.get(j).metric().of(samplers.get(i).asMeasured());
      }
    }
    // The chunks run on the common pool's threads, which do not carry the caller's cancellation.
    Cancellation cancellation = Cancellation.current();
    int chunks = (draws + CHUNK - 1) / CHUNK;
    long[][] totals = IntStream.range(0, chunks).parallel()
        .mapToObj(c -> chunk(samplers, objectives, estimates, Math.min(CHUNK, draws - c * CHUNK), Generators.of(seed, c),
            cancellation))
        .reduce(new long[2][n], StochasticFrontier::add);
    double[] optimal = new double[n];
    double[] expectedRank = new double[n];
    for (int i = 0; i < n; i++) {
      optimal[i] = totals[0][i] / (double) draws;
      expectedRank[i] = totals[1][i] / (double) draws;
    }
    return new Odds(optimal, expectedRank);
  }

  /** Counts of rank-1 draws and sums of ranks over {@code draws} draws. */
  private static long[][] chunk(List<VariantSampler> samplers, List<Objective> objectives, double[][] estimates,
      int draws, UniformRandomProvider rng, Cancellation cancellation) {
    int n = samplers.size();
    long[][] totals = new long[2][n];
    double[][] points = new double[n][objectives.size()];
    for (int d = 0; d < draws; d++) {
      cancellation.check();
      for (int i = 0; i < n; i++) {
        Resample resample = samplers.get(i).resample(rng);
        for (int j = 0; j < objectives.size(); j++) {
          double value = objectives.get(j).metric().of(resample);
          // A replicate can lack a figure some repetitions lack: it then keeps the estimate.
          points[i][j] = objectives.get(j).direction().toMinimized(Double.isNaN(value) ? estimates[i][j] : value);
        }
      }
      int[] ranks = ParetoRanks.of(points);
      for (int i = 0; i < n; i++) {
        totals[0][i] += ranks[i] == 1 ? 1 : 0;
        totals[1][i] += ranks[i];
      }
    }
    return totals;
  }

  private static long[][] add(long[][] a, long[][] b) {
    long[][] sum = new long[2][a[0].length];
    for (int k = 0; k < 2; k++) {
      for (int i = 0; i < a[k].length; i++) {
        sum[k][i] = a[k][i] + b[k][i];
      }
    }
    return sum;
  }
}
