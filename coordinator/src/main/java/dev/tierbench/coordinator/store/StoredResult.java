package dev.tierbench.coordinator.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.MetricSummary;

/**
 * One accepted result as stored: the task it answers, how it arrived, what the agent measured, and how the model did
 * on the task's held-out set ({@code evaluation}, null when the task carried none).
 */
public record StoredResult(String taskId, String trialId, String tier, int repetition, Receipt receipt,
    Measurement measurement, Evaluation evaluation) {

  public StoredResult {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(trialId, "trialId");
    Objects.requireNonNull(tier, "tier");
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(measurement, "measurement");
    if (repetition < 1) {
      throw new IllegalArgumentException("repetitions count from 1, got " + repetition);
    }
  }

  /**
   * The evaluations of one variant's results of a kind (classification or regression), in result order. Every
   * repetition scores the same held-out set with the same interpreter, so any one of them is the variant's figure;
   * adding them up would count each test sample several times.
   */
  public static Stream<Evaluation> evaluations(List<StoredResult> results, boolean classification) {
    return results.stream().map(StoredResult::evaluation)
        .filter(e -> e != null && e.classification() == classification);
  }

  /** The summary of one system metric, if it was sampled. */
  public Optional<MetricSummary> metric(String name) {
    return measurement.system().stream().filter(s -> s.metric().equals(name)).findFirst();
  }
}
