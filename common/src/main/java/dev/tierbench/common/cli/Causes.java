package dev.tierbench.common.cli;

/** What went wrong at the bottom of a chain of causes, told in one line. */
public final class Causes {

  private Causes() {}

  /** Whether {@code type} is in {@code e}'s chain of causes. */
  public static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  /** The innermost cause's message, first line only (a handshake or a loader buries the reason under wrappers). */
  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : root.getMessage().strip().lines().findFirst().orElse("");
    return message.isEmpty() ? root.getClass().getSimpleName() : message;
  }
}
