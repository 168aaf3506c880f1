package dev.tierbench.coordinator.training;

import dev.tierbench.common.config.Offline;

/**
 * DJL's PyTorch engine as training uses it: offline (its native library comes from the Maven jar), one
 * intra-op thread so that the same seed gives the same weights, and never DJL's default engine for inference.
 */
final class PyTorch {

  static final String NAME = "PyTorch";

  private PyTorch() {}

  static synchronized void start() {
    Offline.enforce();
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", "1");
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }
}
