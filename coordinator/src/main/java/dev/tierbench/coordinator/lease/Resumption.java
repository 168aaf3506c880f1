package dev.tierbench.coordinator.lease;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where an earlier coordinator left a run: the tasks it had results for, how many attempts each task had been given
 * (so the next attempt gets the next number), and the leases still open when it stopped.
 */
public record Resumption(Set<String> completed, Map<String, Integer> attempts, List<OpenLease> open) {

  /** A run that starts from nothing. */
  public static final Resumption NONE = new Resumption(Set.of(), Map.of(), List.of());

  public Resumption {
    completed = Set.copyOf(completed);
    attempts = Map.copyOf(attempts);
    open = List.copyOf(open);
  }

  /** Only results: what a store written before leases were kept gives. */
  public static Resumption completed(Set<String> completed) {
    return new Resumption(completed, Map.of(), List.of());
  }

  public int attempts(String taskId) {
    return attempts.getOrDefault(taskId, 0);
  }
}
