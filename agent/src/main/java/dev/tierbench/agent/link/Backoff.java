package dev.tierbench.agent.link;

import java.time.Duration;

/** How long to wait before trying again: doubling from {@code min} with each failed attempt, never over {@code max}. */
public record Backoff(Duration min, Duration max) {

  public Backoff {
    if (min == null || max == null || min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("a backoff needs 0 < min <= max, got " + min + " and " + max);
    }
  }

  /** The wait after failed attempt {@code attempt} (1 for the first). */
  public Duration after(int attempt) {
    long millis = min.toMillis() << Math.min(Math.max(attempt, 0), 10);
    return Duration.ofMillis(Math.min(max.toMillis(), millis));
  }
}
