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
  private final MergedLatencies latencies;
  /**
   * The count correct on the held-out set, binomial around the measured ratio; null without accuracy, or when
   * the normal approximation applies (n p (1 - p) >= 25, where the exact sampler's tables would underflow).
   */
  private final SharedStateDiscreteSampler correct;

  public VariantSampler(Variant variant) {
    this.variant = variant;
    this.latencies = new MergedLatencies(variant.repetitions().stream().map(Repetition::latency).toList());
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
    long total = latencies.count(times);
    long rank = LatencyDistribution.rank(quantile, total);
    return latencies.atRank(times, rng == null ? rank : beta(rng, rank, total - rank + 1) * total);
  }

  private static double beta(UniformRandomProvider rng, double a, double b) {
    double x = AhrensDieterMarsagliaTsangGammaSampler.of(rng, a, 1).sample();
    double y = AhrensDieterMarsagliaTsangGammaSampler.of(rng, b, 1).sample();
    return x / (x + y);
  }
}
