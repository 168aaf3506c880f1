package dev.tierbench.common.protocol;

import java.time.Duration;

/**
 * How long a measurement runs: after {@code warmup} untimed queries, timed queries continue until both
 * {@code minDuration} and {@code minQueries} are reached, or {@code maxDuration} has passed.
 */
public record MeasureSettings(int warmup, Duration minDuration, long minQueries, Duration maxDuration) {
  public MeasureSettings {
    Checks.notNegative(warmup, "warmup");
    Checks.present(minDuration, "minDuration");
    Checks.present(maxDuration, "maxDuration");
    if (minQueries < 1) {
      throw new IllegalArgumentException("min-queries must be >= 1, got " + minQueries);
    }
    if (minDuration.isNegative()) {
      throw new IllegalArgumentException("min-duration must not be negative");
    }
    if (maxDuration.compareTo(minDuration) < 0 || maxDuration.isZero()) {
      throw new IllegalArgumentException(
          "max-duration (" + maxDuration + ") must be positive and at least min-duration (" + minDuration + ")");
    }
  }
}
