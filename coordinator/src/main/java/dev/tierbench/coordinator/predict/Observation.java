package dev.tierbench.coordinator.predict;

/** A measured variant: what was known of it beforehand and its median latency. */
public record Observation(String variantId, LatencyCase variant, double p50Ms) {

  public Observation {
    if (!(p50Ms > 0) || Double.isInfinite(p50Ms)) {
      throw new IllegalArgumentException("variant " + variantId + ": a measured median latency is positive, got "
          + p50Ms);
    }
  }
}
