package dev.tierbench.common.protocol;

import java.time.Duration;

import dev.tierbench.common.config.Defaults;
import dev.tierbench.common.config.Durations;

/**
 * How a measurement runs. Warm-up: at least {@code warmup} queries, then until the medians of the last
 * {@code stabilityWindows} windows agree within ±{@code stabilityTolerance}, or {@code maxWarmup} has passed.
 * Timed queries then continue until both {@code minDuration} and {@code minQueries} are reached, or
 * {@code maxDuration} has passed. {@code latencyBound}: the server scenario's p99 target (zero: none);
 * {@code seed}: its arrival process. {@code profileQueries}: after the timed part, this many queries on a profiled
 * instance of the model say where the time goes per operator (0: none); profiling never touches the timed figures,
 * so it is not part of a trial's identity.
 */
public record MeasureSettings(int warmup, Duration maxWarmup, int stabilityWindows, double stabilityTolerance,
    Duration minDuration, long minQueries, Duration maxDuration, Duration latencyBound, long seed,
    int profileQueries) {

  /** The most profiled queries a measurement may ask for. */
  public static final int MAX_PROFILE_QUERIES = 100_000;

  public MeasureSettings {
    Checks.notNegative(warmup, "warmup");
    Checks.present(maxWarmup, "maxWarmup");
    Checks.present(minDuration, "minDuration");
    Checks.present(maxDuration, "maxDuration");
    Checks.present(latencyBound, "latencyBound");
    if (stabilityWindows < 2 || stabilityWindows > 100) {
      throw new IllegalArgumentException("stability-windows must be between 2 and 100, got " + stabilityWindows);
    }
    if (!(stabilityTolerance > 0 && stabilityTolerance < 1)) {
      throw new IllegalArgumentException("stability-tolerance must be between 0 and 1 (a fraction), got "
          + stabilityTolerance);
    }
    if (minQueries < 1) {
      throw new IllegalArgumentException("min-queries must be >= 1, got " + minQueries);
    }
    notNegative(minDuration, "min-duration");
    notNegative(maxWarmup, "max-warmup");
    notNegative(latencyBound, "latency-bound");
    if (maxDuration.compareTo(minDuration) < 0 || maxDuration.isZero()) {
      throw new IllegalArgumentException(
          "max-duration (" + maxDuration + ") must be positive and at least min-duration (" + minDuration + ")");
    }
    if (profileQueries < 0 || profileQueries > MAX_PROFILE_QUERIES) {
      throw new IllegalArgumentException("profile-queries must be between 0 and " + MAX_PROFILE_QUERIES + ", got "
          + profileQueries);
    }
  }

  /** Without a profile. */
  public MeasureSettings(int warmup, Duration maxWarmup, int stabilityWindows, double stabilityTolerance,
      Duration minDuration, long minQueries, Duration maxDuration, Duration latencyBound, long seed) {
    this(warmup, maxWarmup, stabilityWindows, stabilityTolerance, minDuration, minQueries, maxDuration, latencyBound,
        seed, 0);
  }

  /** These durations and counts, with the default warm-up rule, no latency bound and the default seed. */
  public MeasureSettings(int warmup, Duration minDuration, long minQueries, Duration maxDuration) {
    this(warmup, Durations.parse(Defaults.get("max-warmup")), Integer.parseInt(Defaults.get("stability-windows")),
        Double.parseDouble(Defaults.get("stability-tolerance")), minDuration, minQueries, maxDuration,
        Durations.parse(Defaults.get("latency-bound")), Long.parseLong(Defaults.get("seed")));
  }

  private static void notNegative(Duration duration, String name) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + duration);
    }
  }
}
