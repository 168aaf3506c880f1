package dev.tierbench.coordinator.training;

/** Training that went numerically wrong (the loss became NaN or infinite): that variant fails, the sweep goes on. */
public final class TrainingDivergedException extends RuntimeException {

  public TrainingDivergedException(String message) {
    super(message);
  }
}
