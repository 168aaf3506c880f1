package dev.tierbench.coordinator.upload;

/**
 * An upload refused, with the HTTP status that says why (400 a bad request, 409 a wrong offset or a second writer,
 * 413 too large, 422 bytes that do not hash to their name) and, for 409, the offset to resume from (else -1).
 */
public final class UploadException extends RuntimeException {

  private final int status;
  private final long offset;

  public UploadException(int status, String message) {
    this(status, message, -1);
  }

  public UploadException(int status, String message, long offset) {
    super(message, null, false, false);
    this.status = status;
    this.offset = offset;
  }

  public int status() {
    return status;
  }

  /** The offset the store holds for the blob, for a client to resume from; -1 where it does not apply. */
  public long offset() {
    return offset;
  }
}
