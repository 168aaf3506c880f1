package dev.tierbench.common.model;

/** A file that is not a well-formed model (TFLite or ONNX); the message, one line, says what is wrong and where. */
public final class ModelFormatException extends IllegalArgumentException {
  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
