package dev.tierbench.common.io;

import java.nio.file.Path;

/** An input file tierbench will not read, and why: the message is "PATH: REASON", never the file's content. */
public final class RefusedFileException extends IllegalArgumentException {

  private final String reason;

  public RefusedFileException(Path file, String reason) {
    super(file + ": " + reason);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
