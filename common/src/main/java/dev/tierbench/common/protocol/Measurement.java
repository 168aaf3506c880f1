package dev.tierbench.common.protocol;

/**
 * What one measurement found. Times are nanoseconds. {@code latency} holds every timed query (in the server
 * scenario from its arrival, queueing included); {@code stable} says whether warm-up reached a steady state
 * before max-warmup; {@code capped} is true when the measurement stopped at max-duration before reaching its
 * minimums.
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
    long startedAtMillis) {

  public Measurement {
    Checks.text(runtime, "runtime");
    Checks.notNegative(loadNanos, "loadNanos");
    Checks.notNegative(firstInferenceNanos, "firstInferenceNanos");
    Checks.notNegative(warmupQueries, "warmupQueries");
    Checks.notNegative(warmupNanos, "warmupNanos");
    Checks.notNegative(queries, "queries");
    Checks.notNegative(durationNanos, "durationNanos");
    Checks.present(latency, "latency");
  }

  /** Queries per second over the timed part. */
  public double queriesPerSecond() {
    return durationNanos == 0 ? 0 : queries * 1e9 / durationNanos;
  }
}
