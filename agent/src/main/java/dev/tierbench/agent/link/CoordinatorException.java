package dev.tierbench.agent.link;

import java.util.concurrent.CompletionException;

/**
 * A request to the coordinator failed: it was refused (the coordinator answered with a failure code, see
 * {@code common.protocol.FailureCodes}), or no coordinator answered. The message says which in words.
 */
public final class CoordinatorException extends Exception {

  private static final int UNREACHABLE = -1;

  private final int code;

  private CoordinatorException(int code, String message) {
    super(message);
    this.code = code;
  }

  /** The coordinator answered with failure {@code code}. */
  public static CoordinatorException refused(int code, String message) {
    return new CoordinatorException(code, message);
  }

  /** No coordinator answered; {@code why} says how (none listening, no answer in time). */
  public static CoordinatorException unreachable(String why) {
    return new CoordinatorException(UNREACHABLE, why);
  }

  /** {@code e} as the channel failed with it, once unwrapped from a completion; anything else counts as unreachable. */
  static CoordinatorException from(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return cause instanceof CoordinatorException c ? c : unreachable(String.valueOf(cause.getMessage()));
  }

  public boolean refused() {
    return code != UNREACHABLE;
  }

  /** The coordinator's failure code when {@link #refused()}. */
  public int code() {
    return code;
  }
}
