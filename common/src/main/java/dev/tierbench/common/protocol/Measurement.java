package dev.tierbench.common.protocol;

import java.util.List;

/**
 * What one measurement found. Times are nanoseconds. {@code latency} holds every timed query (in the server
 * scenario from its arrival, queueing included); {@code stable} says whether warm-up reached a steady state
 * before max-warmup; {@code capped} is true when the measurement stopped at max-duration before reaching its
 * minimums. {@code system}: the system metrics sampled during the timed part (none when sampling is off or no
 * source exists); {@code energyJoules}: energy used during the timed part, NaN when no energy source exists
 * (never a made-up zero); {@code disturbances}: what may have disturbed the figures (other load, frequency
 * changes, throttling), in words. {@code profile}: where a profiled run's time went per kind of operator, the most
 * first (empty when the trial asked for none or the engine has no profiler).
 */
public record Measurement(
    String runtime,
    long loadNanos,
    long firstInferenceNanos,
    long warmupQueries,
    long warmupNanos,
    boolean stable,
    long queries,
    long durationNanos,
    EncodedHistogram latency,
    boolean capped,
    long startedAtMillis,
    List<MetricSummary> system,
    double energyJoules,
    List<String> disturbances,
    List<OperatorTime> profile) {

  public Measurement {
    Checks.text(runtime, "runtime");
    Checks.notNegative(loadNanos, "loadNanos");
    Checks.notNegative(firstInferenceNanos, "firstInferenceNanos");
    Checks.notNegative(warmupQueries, "warmupQueries");
    Checks.notNegative(warmupNanos, "warmupNanos");
    Checks.notNegative(queries, "queries");
    Checks.notNegative(durationNanos, "durationNanos");
    Checks.present(latency, "latency");
    system = List.copyOf(system);
    disturbances = List.copyOf(disturbances);
    profile = List.copyOf(profile);
  }

  /** The same measurement with {@code operators} as its profile. */
  public Measurement withProfile(List<OperatorTime> operators) {
    return new Measurement(runtime, loadNanos, firstInferenceNanos, warmupQueries, warmupNanos, stable, queries,
        durationNanos, latency, capped, startedAtMillis, system, energyJoules, disturbances, operators);
  }

  /** The same measurement with one more thing that disturbed it. */
  public Measurement withDisturbance(String disturbance) {
    List<String> all = new java.util.ArrayList<>(disturbances);
    all.add(disturbance);
    return new Measurement(runtime, loadNanos, firstInferenceNanos, warmupQueries, warmupNanos, stable, queries,
        durationNanos, latency, capped, startedAtMillis, system, energyJoules, all, profile);
  }

  /** Queries per second over the timed part. */
  public double queriesPerSecond() {
    return durationNanos == 0 ? 0 : queries * 1e9 / durationNanos;
  }
}
