package dev.tierbench.common.cli;

/** Something the user must fix or know (an unreachable coordinator, a refused agent), said in one line. */
public class UserException extends RuntimeException {
  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
