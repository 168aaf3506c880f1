package dev.tierbench.coordinator.roofline;

import dev.tierbench.common.protocol.Calibration;

/**
 * The roofline model of one device: at arithmetic intensity I (FLOPs per byte moved) it cannot run faster than
 * min(peak, bandwidth × I). Left of the ridge point (peak / bandwidth) memory bounds it, right of it compute.
 *
 * @param peakGflops the compute roof, GFLOP/s
 * @param bandwidthGBps the memory roof's slope, GB/s
 */
public record Roofline(double peakGflops, double bandwidthGBps) {

  public static final String MEMORY_BOUND = "memory";
  public static final String COMPUTE_BOUND = "compute";

  public Roofline {
    if (!(peakGflops > 0 && Double.isFinite(peakGflops) && bandwidthGBps > 0 && Double.isFinite(bandwidthGBps))) {
      throw new IllegalArgumentException("a roofline needs a finite peak and bandwidth > 0, got " + peakGflops
          + " GFLOP/s and " + bandwidthGBps + " GB/s");
    }
  }

  /** An agent's: its all-thread dense figure is the peak, its memory copy the bandwidth. */
  public static Roofline of(Calibration calibration) {
    return new Roofline(calibration.matmulGflops(), calibration.memoryGBps());
  }

  /** The intensity, FLOPs per byte, where the two roofs meet. */
  public double ridge() {
    return peakGflops / bandwidthGBps;
  }

  /** The most GFLOP/s this device can reach at {@code intensity} FLOPs per byte. */
  public double roof(double intensity) {
    return Math.min(peakGflops, bandwidthGBps * intensity);
  }

  /** Memory-bound left of the ridge; at it and right of it, the compute roof is the limit. */
  public String bound(double intensity) {
    return intensity < ridge() ? MEMORY_BOUND : COMPUTE_BOUND;
  }

  /**
   * Where a measured query stands under this roofline.
   *
   * @param flops the FLOPs of one query
   * @param bytes the bytes one query moves
   * @param seconds one query's (median) latency
   */
  public RooflinePoint place(String variantId, String label, double flops, double bytes, double seconds) {
    double intensity = flops / bytes;
    double achieved = flops / seconds / 1e9;
    double roof = roof(intensity);
    return new RooflinePoint(variantId, label, intensity, achieved, roof, bound(intensity), achieved / roof);
  }
}
