package dev.tierbench.coordinator.analysis;

/** An analysis stopped by its {@link Cancellation}; the message says why. */
public final class CancelledException extends RuntimeException {

  public CancelledException(String reason) {
    super(reason, null, false, false);
  }
}
