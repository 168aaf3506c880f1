package dev.tierbench.coordinator.scaling;

import java.util.List;

/**
 * Latency against FLOPs for one group of variants (a tier, a family, the same execution settings): a linear
 * least-squares fit (ms per GFLOP) and a log-log fit (latency ∝ FLOPs^exponent), each with R², and the points
 * more than the limit off the robust (Theil–Sen) line, which outliers cannot drag: where latency stops
 * following FLOPs (memory-bound layers, cache cliffs). A point's residual is relative to the robust line.
 *
 * @param family a family, or {@link #ALL_FAMILIES}
 * @param settings the execution settings the group shares, e.g. "threads 2, xnnpack true, single-stream"
 */
public record LatencyFit(String tier, String family, String settings, List<Point> points, Line linear, Line logLog,
    Line robust, List<String> offLine) {

  public static final String ALL_FAMILIES = "all families";

  /** One variant: GFLOPs per query (batch × per-sample FLOPs), its median latency, the robust line's. */
  public record Point(String variantId, String label, double gflops, double latencyMs, double fittedMs,
      double residual) {}

  public LatencyFit {
    points = List.copyOf(points);
    offLine = List.copyOf(offLine);
  }
}
