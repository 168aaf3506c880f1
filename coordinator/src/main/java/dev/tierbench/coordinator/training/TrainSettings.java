package dev.tierbench.coordinator.training;

/**
 * How a variant is trained: epochs over the training split in shuffled mini-batches of {@code batch}, Adam at
 * {@code learningRate}, everything drawn from {@code seed} (initial weights, shuffling), one PyTorch thread, so
 * that the same settings give the same weights bit for bit.
 */
public record TrainSettings(int epochs, double learningRate, int batch, long seed) {

  public TrainSettings {
    if (epochs < 1 || epochs > 10_000) {
      throw new IllegalArgumentException("epochs must be between 1 and 10000, got " + epochs);
    }
    if (!(learningRate > 0 && learningRate < 10)) {
      throw new IllegalArgumentException("learning rate must be in (0, 10), got " + learningRate);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("training batch must be >= 1, got " + batch);
    }
  }
}
