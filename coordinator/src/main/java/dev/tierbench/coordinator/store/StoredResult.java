package dev.tierbench.coordinator.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.tierbench.common.protocol.EncodedHistogram;
import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.protocol.MetricSummary;
import dev.tierbench.common.protocol.OperatorTime;

/**
 * One accepted result as stored, joined with its trial's parameters. Times are nanoseconds. {@code evaluation}: how the
 * model did on the task's held-out set, or null when the task carried none; {@code profile}: where a profiled run's
 * time went per kind of operator (empty when none was taken).
 */
public record StoredResult(
    String taskId,
    String trialId,
    String tier,
    int repetition,
    String agentId,
    String hostname,
    String modelName,
    String modelSha256,
    int batch,
    int threads,
    boolean xnnpack,
    String runtime,
    long loadNanos,
    long firstInferenceNanos,
    long warmupQueries,
    long warmupNanos,
    boolean stable,
    long queries,
    long durationNanos,
    boolean capped,
    EncodedHistogram latency,
    int attempt,
    Instant receivedAt,
    List<MetricSummary> system,
    double energyJoules,
    List<String> disturbances,
    Evaluation evaluation,
    List<OperatorTime> profile) {

  public StoredResult {
    system = List.copyOf(system);
    disturbances = List.copyOf(disturbances);
    profile = List.copyOf(profile);
  }

  /**
   * The evaluations of one variant's results of a kind (classification or regression), in result order. Every
   * repetition scores the same held-out set with the same interpreter, so any one of them is the variant's figure;
   * adding them up would count each test sample several times.
   */
  public static java.util.stream.Stream<Evaluation> evaluations(List<StoredResult> results, boolean classification) {
    return results.stream().map(StoredResult::evaluation)
        .filter(e -> e != null && e.classification() == classification);
  }

  /** The summary of one system metric, if it was sampled. */
  public Optional<MetricSummary> metric(String name) {
    return system.stream().filter(s -> s.metric().equals(name)).findFirst();
  }

  public double queriesPerSecond() {
    return durationNanos == 0 ? 0 : queries * 1e9 / durationNanos;
  }

  /** Samples (inputs) per second: a query carries {@code batch} samples. */
  public double samplesPerSecond() {
    return queriesPerSecond() * batch;
  }
}
