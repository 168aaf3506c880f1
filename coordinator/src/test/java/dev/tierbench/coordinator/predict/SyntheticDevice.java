package dev.tierbench.coordinator.predict;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A device with a known latency law, for tests: a fixed per-query overhead and a compute rate that two threads raise
 * by 1.7x and int8 by 1.5x, latency = overhead + work / rate, times uniform relative noise.
 */
public record SyntheticDevice(double overheadMs, double flopsPerMs) {

  public static final SyntheticDevice PC = new SyntheticDevice(0.04, 5e6);

  public double latencyMs(LatencyCase c, double noise, Random random) {
    double rate = flopsPerMs * (c.threads() == 2 ? 1.7 : 1) * (c.int8() ? 1.5 : 1);
    double ms = overheadMs + c.queryFlops() / rate;
    return noise == 0 ? ms : ms * (1 + noise * (2 * random.nextDouble() - 1));
  }

  public double latencyMs(LatencyCase c) {
    return latencyMs(c, 0, null);
  }

  /** An MLP's parameters (64 inputs, 10 outputs) at a depth and width. */
  public static long mlpParams(int depth, int width) {
    return 64L * width + (depth - 1L) * width * width + 10L * width;
  }

  /** A grid of MLP-like variants: widths, depths, batches, threads, float32 and int8 (288 of them). */
  public static List<LatencyCase> grid() {
    List<LatencyCase> cases = new ArrayList<>();
    for (int width : new int[] {32, 64, 128, 256, 512, 1024}) {
      for (int depth = 1; depth <= 4; depth++) {
        long params = mlpParams(depth, width);
        for (boolean int8 : new boolean[] {false, true}) {
          for (int batch : new int[] {1, 4, 16}) {
            for (int threads = 1; threads <= 2; threads++) {
              cases.add(new LatencyCase(2 * params, params, params * (int8 ? 1 : 4), 4L * width * (int8 ? 1 : 4),
                  int8, batch, threads, true));
            }
          }
        }
      }
    }
    return cases;
  }
}
