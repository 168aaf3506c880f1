package dev.tierbench.agent.runtime;

/** A model that cannot be run as asked (not a valid model, unsupported op or batch size). Not retryable. */
public final class ModelLoadException extends Exception {
  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
