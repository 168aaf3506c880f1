package dev.tierbench.coordinator.predict;

import java.util.List;

/**
 * The regression's inputs, on a log scale because latency spans orders of magnitude and its causes multiply: work
 * per query and its square (a fixed per-query overhead bends the line at the small end); weights and activations
 * (memory traffic), with the weights' traffic spread over the batch and a term of its own at batch 1, where
 * engines run matrix-vector kernels that stream every weight once per sample (measured: a 4 MB float32 MLP took
 * twice as long at batch 1 as a compute-only line says); threads and quantization, each also as a change of the
 * work's slope; the batch and its square.
 */
final class Features {

  static final List<String> NAMES = List.of("log MFLOPs/query", "(log MFLOPs/query)^2", "log weight bytes",
      "log activation bytes/query", "log threads", "log threads x log MFLOPs", "int8", "int8 x log MFLOPs",
      "log batch", "xnnpack", "log weight bytes / batch", "batch 1 x log weight bytes", "(log batch)^2");

  private Features() {}

  static double[] of(LatencyCase c) {
    double work = Math.log(c.queryFlops() / 1e6 + 1e-3);
    double threads = Math.log(c.threads());
    double int8 = c.int8() ? 1 : 0;
    double weights = Math.log1p(c.weightBytes());
    double batch = Math.log(c.batch());
    return new double[] {work, work * work, weights, Math.log1p((double) c.peakActivationBytes() * c.batch()),
        threads, threads * work, int8, int8 * work, batch, c.xnnpack() ? 1 : 0, weights / c.batch(),
        c.batch() == 1 ? weights : 0, batch * batch};
  }
}
