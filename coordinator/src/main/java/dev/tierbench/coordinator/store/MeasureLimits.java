package dev.tierbench.coordinator.store;

import java.time.Duration;
import java.util.Objects;

/**
 * The measurement settings a trial stores in columns of their own. The rest of its {@code MeasureSettings} (the
 * warm-up rule, the seed) is in its canonical form only, and absent from runs written before those settings existed,
 * so the stored trial cannot give the whole record back. {@code latencyBound}: zero for none.
 */
public record MeasureLimits(int warmup, Duration minDuration, long minQueries, Duration maxDuration,
    Duration latencyBound) {

  public MeasureLimits {
    Objects.requireNonNull(minDuration, "minDuration");
    Objects.requireNonNull(maxDuration, "maxDuration");
    Objects.requireNonNull(latencyBound, "latencyBound");
    if (warmup < 0 || minQueries < 0 || minDuration.isNegative() || maxDuration.isNegative()
        || latencyBound.isNegative()) {
      throw new IllegalArgumentException("measurement limits are never negative: " + warmup + " warm-up, "
          + minDuration + " to " + maxDuration + ", " + minQueries + " queries, bound " + latencyBound);
    }
  }
}
