package dev.tierbench.coordinator.recommend;

import java.util.List;
import java.util.Map;

import dev.tierbench.coordinator.analysis.Interval;

/**
 * A variant as a recommendation presents it: what it is, its figures with 95 % intervals, and for a
 * recommended one the share of bootstrap draws in which it meets every constraint.
 *
 * @param misses the constraints its estimates break (empty for a feasible one), e.g. "p99_ms 61.2 > 50 (+22 %)"
 */
public record Candidate(String variantId, String label, String model, String tier, Map<String, String> axes,
    Map<String, Interval> figures, double constraintsMetShare, List<String> misses) {

  public Candidate {
    axes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(axes));
    figures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(figures));
    misses = List.copyOf(misses);
  }
}
