package dev.tierbench.agent.measure;

import java.util.concurrent.atomic.AtomicReference;

/** Lets another thread stop a measurement between two queries, saying why. */
public final class Cancellation {

  private final AtomicReference<String> reason = new AtomicReference<>();

  public void cancel(String why) {
    reason.compareAndSet(null, why);
  }

  /** @throws CancelledException if cancelled */
  public void check() throws CancelledException {
    String why = reason.get();
    if (why != null) {
      throw new CancelledException(why);
    }
  }

  public static final class CancelledException extends Exception {
    public CancelledException(String reason) {
      super(reason);
    }
  }
}
