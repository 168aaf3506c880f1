package dev.tierbench.agent.measure;

import java.util.SplittableRandom;

/** Arrival gaps of a Poisson process: exponentially distributed with mean 1/rate, reproducible from a seed. */
public final class PoissonArrivals {

  private final SplittableRandom random;
  private final double meanGapNanos;

  public PoissonArrivals(double ratePerSecond, long seed) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("an arrival rate must be positive, got " + ratePerSecond);
    }
    this.random = new SplittableRandom(seed);
    this.meanGapNanos = 1e9 / ratePerSecond;
  }

  /** The time from one arrival to the next, by inverting the exponential CDF at a uniform draw. */
  public long nextGapNanos() {
    return Math.round(-Math.log(1 - random.nextDouble()) * meanGapNanos);
  }
}
