package dev.tierbench.coordinator.store;

/** The result store could not be read or written; the message names the database file. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
