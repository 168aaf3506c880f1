package dev.tierbench.coordinator.roofline;

import java.util.List;

/**
 * One calibrated agent of a run: its calibration, the ridge point of its roofline, and every variant it measured
 * placed under that roofline.
 *
 * @param ridge the intensity, FLOPs per byte, where its memory roof meets its compute roof
 */
public record AgentRoofline(String tier, String agentId, String hostname, int cores, double matmulGflops,
    double matmulGflopsOneThread, double depthwiseGflops, double memoryGBps, double ridge,
    List<RooflinePoint> roofline) {

  public AgentRoofline {
    roofline = List.copyOf(roofline);
  }
}
