package dev.tierbench.common.dataset;

/** A dataset file that cannot be used: the message names the file, the line when there is one, and what was expected. */
public final class DatasetException extends IllegalArgumentException {

  public DatasetException(String where, String message) {
    super(where + ": " + message);
  }
}
