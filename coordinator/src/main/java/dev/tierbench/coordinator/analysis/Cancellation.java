package dev.tierbench.coordinator.analysis;

import java.util.concurrent.Callable;

/**
 * Lets whoever asked for an analysis stop it: the bootstrap's draws loops check it once a draw, so a client
 * that went away, or a deadline that passed, frees the worker within one draw. It travels with the thread that
 * runs the analysis ({@link #run}), so that the commands, which never cancel, pass nothing through the
 * analysis code; a loop that fans out to other threads takes {@link #current()} on the thread that called it.
 */
public final class Cancellation {

  private static final Cancellation NEVER = new Cancellation();
  private static final ThreadLocal<Cancellation> CURRENT = ThreadLocal.withInitial(() -> NEVER);

  private volatile String reason;

  /** The cancellation of the analysis this thread runs; one that never cancels outside {@link #run}. */
  public static Cancellation current() {
    return CURRENT.get();
  }

  /** Stops the work at its next check; the first reason given is the one reported. */
  public void cancel(String why) {
    if (reason == null) {
      reason = why;
    }
  }

  /** @throws CancelledException once {@link #cancel} was called */
  public void check() {
    String why = reason;
    if (why != null) {
      throw new CancelledException(why);
    }
  }

  /** Runs {@code work} on this thread under this cancellation, checking it first: queued work may be stale. */
  public <T> T run(Callable<T> work) throws Exception {
    Cancellation outer = CURRENT.get();
    CURRENT.set(this);
    try {
      check();
      return work.call();
    } finally {
      CURRENT.set(outer);
    }
  }
}
