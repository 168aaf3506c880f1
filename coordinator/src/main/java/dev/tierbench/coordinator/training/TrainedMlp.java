package dev.tierbench.coordinator.training;

import java.util.List;

/**
 * The outcome of training one MLP: its weights, the loss after each epoch, how long it took and an estimate of
 * the floating-point work (forward and backward passes: 3 × 2 × MACs per sample seen).
 */
public record TrainedMlp(TrainedWeights weights, List<Double> losses, double seconds, double trainingFlops) {

  public TrainedMlp {
    losses = List.copyOf(losses);
  }
}
