package dev.tierbench.coordinator.scaling;

import java.util.List;

/** How one model on one tier responds to one sweep axis, the other axes held where {@code series} says. */
public record ScalingCurve(String axis, String series, String model, String tier, List<Point> points) {

  /** The axis value (as the sweep writes it) with median latency and throughput there. */
  public record Point(String value, double p50Ms, double throughput) {}

  public ScalingCurve {
    points = List.copyOf(points);
  }
}
