package dev.tierbench.coordinator.store;

import java.util.Objects;

/**
 * How a trained variant was trained, as stored with its trial: the dataset, epochs, learning rate and split in words
 * ({@code ""} for a model that was not trained here), and the time and FLOPs training took (NaN when not known).
 */
public record Training(String trainedOn, double seconds, double flops) {

  public Training {
    Objects.requireNonNull(trainedOn, "trainedOn");
  }
}
