package dev.tierbench.coordinator.store;

import dev.tierbench.common.protocol.Calibration;

/**
 * An agent that took part in a run, with the hardware and software it reported when it registered, and its device's
 * calibrated peaks (NaN when it sent none: calibration off or failed, or an agent older than calibration).
 */
public record StoredAgent(String agentId, String tier, String hostname, String os, String arch, int cores,
    long memoryBytes, String jvm, String engines, String labels, double matmulGflops, double matmulGflopsOneThread,
    double depthwiseGflops, double memoryGBps) {

  /** The calibration it registered with, or null when it sent none. */
  public Calibration calibration() {
    // An agent calibrates on all the processors it has, the count it reports as its cores.
    return Double.isNaN(matmulGflops) ? null
        : new Calibration(matmulGflops, matmulGflopsOneThread, depthwiseGflops, memoryGBps, cores);
  }
}
