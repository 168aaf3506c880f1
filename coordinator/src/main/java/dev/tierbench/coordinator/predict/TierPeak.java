package dev.tierbench.coordinator.predict;

/**
 * A tier's calibrated compute peaks (dense matmul GFLOP/s with all its threads and with one): how much faster one
 * tier is than another, before either has measured the other's variants.
 */
public record TierPeak(double gflops, double gflopsOneThread) {

  public TierPeak {
    if (!(gflops > 0 && gflopsOneThread > 0) || Double.isInfinite(gflops) || Double.isInfinite(gflopsOneThread)) {
      throw new IllegalArgumentException("peaks are positive GFLOP/s, got " + gflops + " and " + gflopsOneThread);
    }
  }

  /** The matmul peaks an agent's calibration found. */
  public static TierPeak of(dev.tierbench.common.protocol.Calibration calibration) {
    return new TierPeak(calibration.matmulGflops(), calibration.matmulGflopsOneThread());
  }

  /** The peak a variant run on {@code threads} threads can reach. */
  double at(int threads) {
    return threads == 1 ? gflopsOneThread : gflops;
  }
}
