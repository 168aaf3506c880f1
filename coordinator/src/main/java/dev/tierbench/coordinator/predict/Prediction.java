package dev.tierbench.coordinator.predict;

/**
 * A predicted median latency with its interval: the central {@link LatencyModel#COVERAGE} of the latency model's
 * predictive distribution (refits on resampled measurements, plus the scatter of measurements about a fit).
 */
public record Prediction(double p50Ms, double lowMs, double highMs) {

  public Prediction {
    if (!(p50Ms > 0 && lowMs > 0 && highMs >= lowMs) || Double.isInfinite(highMs)) {
      throw new IllegalArgumentException("a prediction needs 0 < low <= high and a positive median, got " + p50Ms
          + " in [" + lowMs + ", " + highMs + "]");
    }
  }

  /** Relative error of this prediction against a measurement: |predicted - measured| / measured. */
  public double relativeError(double measuredMs) {
    return Math.abs(p50Ms - measuredMs) / measuredMs;
  }
}
