package dev.tierbench.common.sweep;

import dev.tierbench.common.yaml.Location;

/**
 * How a generated model is trained before it is measured: on {@code dataset} (a shipped one by name, or a CSV
 * file relative to the sweep with its {@code label} column), split by {@code splitSeed} into train, validation
 * and test parts, for {@code epochs} at {@code learningRate} in mini-batches of {@code batch}.
 */
public record TrainSpec(String dataset, String label, int epochs, double learningRate, int batch, long splitSeed,
    Location location) {

  public TrainSpec {
    if (dataset == null || dataset.isBlank()) {
      throw new IllegalArgumentException("training needs a dataset");
    }
    label = label == null ? "" : label;
  }

  /** The text that identifies this training in a cache key. */
  public String canonical() {
    return "dataset=" + dataset + ";label=" + label + ";epochs=" + epochs + ";lr=" + learningRate + ";batch=" + batch
        + ";split=" + splitSeed;
  }
}
