package dev.tierbench.common.protocol;

/**
 * What an agent measured of its device's peaks once, when it started: the figures a roofline and a latency model
 * compare measured variants against. FLOP/s follow the project's FLOPs convention (2 per multiply-accumulate).
 *
 * @param matmulGflops a dense (FULLY_CONNECTED) layer on the agent's TFLite, XNNPACK, all {@code threads}
 * @param matmulGflopsOneThread the same layer on one thread
 * @param depthwiseGflops a 3×3 DEPTHWISE_CONV_2D layer, all {@code threads}
 * @param memoryGBps a copy of a buffer far larger than the last-level cache: bytes read and written per second
 * @param threads the threads the all-thread figures used: the processors the agent may run on
 */
public record Calibration(double matmulGflops, double matmulGflopsOneThread, double depthwiseGflops,
    double memoryGBps, int threads) {

  public Calibration {
    positive(matmulGflops, "matmulGflops");
    positive(matmulGflopsOneThread, "matmulGflopsOneThread");
    positive(depthwiseGflops, "depthwiseGflops");
    positive(memoryGBps, "memoryGBps");
    Checks.positive(threads, "threads");
  }

  private static void positive(double value, String name) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(name + " must be a finite figure > 0, got " + value);
    }
  }
}
