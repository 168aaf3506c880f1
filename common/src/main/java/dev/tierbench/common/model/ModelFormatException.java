package dev.tierbench.common.model;

/** A file that is not a well-formed TFLite model; the message says what is wrong and where. */
public final class ModelFormatException extends IllegalArgumentException {
  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
