package dev.tierbench.agent.link;

import java.time.Duration;

/**
 * Time as the link keeps it: a monotonic clock for durations (an outage is timed by it, so a wall clock set at boot,
 * as on a board without a real-time clock, is no outage), the wall clock only to stamp messages, and timers.
 * Production runs it on the event loop's timers; tests advance it by hand.
 */
public interface Ticker {

  /** Monotonic nanoseconds, meaningful only as differences. */
  long nanos();

  /** Milliseconds since the epoch, to stamp what the coordinator is told. */
  long wallMillis();

  /** Runs {@code action} once, {@code delay} from now, on the link's thread. */
  Timer after(Duration delay, Runnable action);

  /** Runs {@code action} every {@code period} from now on, on the link's thread, until cancelled. */
  Timer every(Duration period, Runnable action);

  /** A scheduled action. */
  interface Timer {
    void cancel();
  }
}
