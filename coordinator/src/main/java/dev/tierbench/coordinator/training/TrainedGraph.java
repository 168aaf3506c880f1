package dev.tierbench.coordinator.training;

import java.util.List;

import dev.tierbench.common.generate.Graph;

/**
 * The outcome of training one generated network: the same graph holding the trained weights, the loss after
 * each epoch, how long it took and an estimate of the floating-point work (forward and backward passes:
 * 3 × 2 × MACs per sample seen).
 */
public record TrainedGraph(Graph graph, List<Double> losses, double seconds, double trainingFlops) {

  public TrainedGraph {
    losses = List.copyOf(losses);
  }
}
