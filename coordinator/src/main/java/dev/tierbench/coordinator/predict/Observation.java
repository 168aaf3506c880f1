package dev.tierbench.coordinator.predict;

/** A measured variant: what was known of it beforehand and its median latency. */
public record Observation(String variantId, LatencyCase variant, double p50Ms) {

  public Observation {
    if (!(p50Ms > 0) || Double.isInfinite(p50Ms)) {
      throw new IllegalArgumentException("variant " + variantId + ": a measured median latency is positive, got "
          + p50Ms);
    }
  }

  /** The median of {@code values} (a variant's repetitions), the mean of the middle two for an even count. */
  public static double median(java.util.List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
