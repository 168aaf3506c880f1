package dev.tierbench.agent.link;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Time that moves only when a test says so: {@link #advance} runs every timer that falls due on the way, in order,
 * each at its own instant (timers those set run too, if due in time). Starts at 0 ms.
 */
final class ManualTicker implements Ticker {

  /** Where the wall clock stands when this ticker is at 0. */
  static final long WALL_EPOCH_MILLIS = 1_700_000_000_000L;

  private final PriorityQueue<Scheduled> due =
      new PriorityQueue<>(Comparator.comparingLong(Scheduled::atNanos).thenComparingLong(Scheduled::order));
  private long nowNanos;
  private long scheduled;

  private final class Scheduled implements Timer {
    private final long order = scheduled++;
    private final Runnable action;
    private final long periodNanos;
    private long atNanos;
    private boolean cancelled;

    Scheduled(long atNanos, long periodNanos, Runnable action) {
      this.atNanos = atNanos;
      this.periodNanos = periodNanos;
      this.action = action;
    }

    long atNanos() {
      return atNanos;
    }

    long order() {
      return order;
    }

    @Override
    public void cancel() {
      cancelled = true;
      due.remove(this);
    }
  }

  @Override
  public long nanos() {
    return nowNanos;
  }

  @Override
  public long wallMillis() {
    return WALL_EPOCH_MILLIS + millis();
  }

  long millis() {
    return nowNanos / 1_000_000;
  }

  @Override
  public Timer after(Duration delay, Runnable action) {
    return schedule(new Scheduled(nowNanos + delay.toNanos(), 0, action));
  }

  @Override
  public Timer every(Duration period, Runnable action) {
    return schedule(new Scheduled(nowNanos + period.toNanos(), period.toNanos(), action));
  }

  private Timer schedule(Scheduled timer) {
    due.add(timer);
    return timer;
  }

  void advance(Duration by) {
    advanceTo(nowNanos + by.toNanos());
  }

  /** Moves to {@code millis} ms from the start. */
  void advanceToMillis(long millis) {
    advanceTo(millis * 1_000_000);
  }

  private void advanceTo(long targetNanos) {
    if (targetNanos < nowNanos) {
      throw new IllegalArgumentException("time does not go back");
    }
    while (!due.isEmpty() && due.peek().atNanos <= targetNanos) {
      Scheduled next = due.poll();
      nowNanos = next.atNanos;
      if (next.periodNanos > 0) {
        next.atNanos += next.periodNanos;
        due.add(next);
      }
      next.action.run();
    }
    nowNanos = targetNanos;
  }
}
