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
    Throwable root = root(e);
    String message = firstLine(root);
    return message.isEmpty() ? root.getClass().getSimpleName() : message;
  }

  /** The innermost cause of {@code e}. */
  public static Throwable root(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** The first line of {@code e}'s message, stripped; empty if it has none. */
  public static String firstLine(Throwable e) {
    return e.getMessage() == null ? "" : e.getMessage().strip().lines().findFirst().orElse("");
  }
}
