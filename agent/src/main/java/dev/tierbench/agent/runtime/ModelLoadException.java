package dev.tierbench.agent.runtime;

/**
 * A trial that cannot be run as asked: not a valid model, an unsupported op or batch size, CPUs it cannot be
 * pinned to. Not retryable.
 */
public final class ModelLoadException extends Exception {
  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
