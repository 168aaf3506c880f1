package dev.tierbench.coordinator.lease;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where an earlier coordinator left a run: the tasks it had results for, how many attempts each task had been given
 * (so the next attempt gets the next number), the leases still open when it stopped, and what the results measured
 * (what an adaptive sweep decides from).
 */
public record Resumption(Set<String> completed, Map<String, Integer> attempts, List<OpenLease> open,
    Map<String, Measured> measured) {

  /** A run that starts from nothing. */
  public static final Resumption NONE = new Resumption(Set.of(), Map.of(), List.of());

  /**
   * A task's result as an adaptive sweep reads it: the median latency, and the model's quality (accuracy, or R² for
   * a regression; NaN when not evaluated).
   */
  public record Measured(double p50Ms, double quality) {}

  public Resumption {
    completed = Set.copyOf(completed);
    attempts = Map.copyOf(attempts);
    open = List.copyOf(open);
    measured = Map.copyOf(measured);
  }

  /** Without what the results measured. */
  public Resumption(Set<String> completed, Map<String, Integer> attempts, List<OpenLease> open) {
    this(completed, attempts, open, Map.of());
  }

  /** Only results: what a store written before leases were kept gives. */
  public static Resumption completed(Set<String> completed) {
    return new Resumption(completed, Map.of(), List.of());
  }

  public int attempts(String taskId) {
    return attempts.getOrDefault(taskId, 0);
  }
}
