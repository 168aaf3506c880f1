package dev.tierbench.coordinator.analysis;

import java.util.Arrays;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.MarsagliaTsangWangDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Bootstraps one variant: resamples its repetitions (with replacement), then the latencies within them.
 * A quantile of n latencies resampled from a distribution F is F⁻¹ of the matching order statistic of n
 * uniforms, which follows Beta(m, n − m + 1): one Beta draw gives an exact bootstrap quantile without
 * touching the n samples, and F is the resampled repetitions' merged distribution (merged, never averaged).
 */
public final class VariantSampler {

  private final Variant variant;
  /** Every distinct latency value of every repetition, ascending. */
  private final long[] grid;
  /** Per repetition: how many of its latencies are at or below each grid value. */
  private final long[][] cumulative;
  /**
   * The count correct on the held-out set, binomial around the measured ratio; null without accuracy, or when
   * the normal approximation applies (n p (1 - p) >= 25, where the exact sampler's tables would underflow).
   */
  private final SharedStateDiscreteSampler correct;

  public VariantSampler(Variant variant) {
    this.variant = variant;
    this.grid = variant.repetitions().stream().flatMapToLong(r -> Arrays.stream(r.latency().values())).sorted()
        .distinct().toArray();
    this.cumulative = new long[variant.repetitions().size()][];
    for (int i = 0; i < cumulative.length; i++) {
      LatencyDistribution latency = variant.repetitions().get(i).latency();
      long[] counts = new long[grid.length];
      for (int j = 0; j < grid.length; j++) {
        counts[j] = latency.countAtOrBelow(grid[j]);
      }
      cumulative[i] = counts;
    }
    Accuracy accuracy = variant.accuracy();
    // The sampler's tables are built once; each draw gives it that draw's random source.
    correct = accuracy == null || normalApproximation(accuracy) ? null
        : MarsagliaTsangWangDiscreteSampler.Binomial.of(RandomSource.SPLIT_MIX_64.create(0L),
            (int) accuracy.total(), accuracy.ratio());
  }

  private static boolean normalApproximation(Accuracy accuracy) {
    double p = accuracy.ratio();
    return accuracy.total() * p * (1 - p) >= 25 || accuracy.total() > Integer.MAX_VALUE;
  }

  double accuracy(UniformRandomProvider rng) {
    Accuracy accuracy = variant.accuracy();
    if (accuracy == null) {
      return Double.NaN;
    }
    if (rng == null) {
      return accuracy.ratio();
    }
    if (correct == null) {
      double p = accuracy.ratio();
      double n = accuracy.total();
      double gaussian = ZigguratSampler.NormalizedGaussian.of(rng).sample();
      return Math.min(n, Math.max(0, Math.rint(n * p + gaussian * Math.sqrt(n * p * (1 - p))))) / n;
    }
    return correct.withUniformRandomProvider(rng).sample() / (double) accuracy.total();
  }

  public Variant variant() {
    return variant;
  }

  /** One bootstrap replicate: k of the k repetitions drawn with replacement, and {@code rng} for the rest. */
  public Resample resample(UniformRandomProvider rng) {
    int k = variant.repetitions().size();
    int[] times = new int[k];
    for (int i = 0; i < k; i++) {
      times[rng.nextInt(k)]++;
    }
    return new Resample(this, times, rng);
  }

  /** The resample as measured: every repetition once. For point estimates through the same code. */
  public Resample asMeasured() {
    int[] once = new int[variant.repetitions().size()];
    Arrays.fill(once, 1);
    return new Resample(this, once, null);
  }

  /** The {@code quantile} of the merged latencies of the drawn repetitions, resampled (Beta order statistic). */
  long quantile(int[] times, double quantile, UniformRandomProvider rng) {
    long total = 0;
    for (int i = 0; i < times.length; i++) {
      total += times[i] * variant.repetitions().get(i).latency().count();
    }
    long rank = LatencyDistribution.rank(quantile, total);
    double target = rng == null ? rank : beta(rng, rank, total - rank + 1) * total;
    int low = 0;
    int high = grid.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      long atOrBelow = 0;
      for (int i = 0; i < times.length; i++) {
        atOrBelow += times[i] * cumulative[i][mid];
      }
      if (atOrBelow >= target) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return grid[low];
  }

  private static double beta(UniformRandomProvider rng, double a, double b) {
    double x = AhrensDieterMarsagliaTsangGammaSampler.of(rng, a, 1).sample();
    double y = AhrensDieterMarsagliaTsangGammaSampler.of(rng, b, 1).sample();
    return x / (x + y);
  }
}
