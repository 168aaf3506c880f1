package dev.tierbench.agent.cache;

/** A file could not be had; {@code retryable} says whether another attempt could succeed. */
public final class FetchException extends Exception {

  private final boolean retryable;

  public FetchException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
