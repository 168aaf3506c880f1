package dev.tierbench.agent.link;

import java.time.Duration;

/** How long to wait before trying again: doubling from {@code min} with each failed attempt, never over {@code max}. */
public record Backoff(Duration min, Duration max) {

  /**
   * Between tries to reach a coordinator that is not up yet (joining its cluster, getting a credential, linking
   * again): a fleet waiting for its coordinator does not hammer the network.
   */
  public static final Backoff WAITING_FOR_COORDINATOR = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  public Backoff {
    if (min == null || max == null || min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("a backoff needs 0 < min <= max, got " + min + " and " + max);
    }
  }

  /** The wait after failed attempt {@code attempt}: {@code min} doubled {@code attempt} times, at most {@code max}. */
  public Duration after(int attempt) {
    long millis = min.toMillis() << Math.min(Math.max(attempt, 0), 10);
    return Duration.ofMillis(Math.min(max.toMillis(), millis));
  }
}
