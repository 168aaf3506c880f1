package dev.tierbench.coordinator.predict;

import java.util.List;

/**
 * The regression's inputs, all on a log scale because latency spans orders of magnitude and its causes multiply:
 * work per query and its square (a fixed per-query overhead bends the line at the small end), weights and
 * activations (memory traffic), threads and quantization, each also as a change of the work's slope.
 */
final class Features {

  static final List<String> NAMES = List.of("log MFLOPs/query", "(log MFLOPs/query)^2", "log weight bytes",
      "log activation bytes/query", "log threads", "log threads x log MFLOPs", "int8", "int8 x log MFLOPs",
      "log batch", "xnnpack");

  private Features() {}

  static double[] of(LatencyCase c) {
    double work = Math.log(c.queryFlops() / 1e6 + 1e-3);
    double threads = Math.log(c.threads());
    double int8 = c.int8() ? 1 : 0;
    return new double[] {work, work * work, Math.log1p(c.weightBytes()),
        Math.log1p((double) c.peakActivationBytes() * c.batch()), threads, threads * work, int8, int8 * work,
        Math.log(c.batch()), c.xnnpack() ? 1 : 0};
  }
}
