package dev.tierbench.coordinator.pareto;

import java.util.Map;

/**
 * A variant's place on a frontier: its objective values (point estimates), its Pareto rank from them, and
 * from the random frontier its probability of being Pareto-optimal and its expected rank.
 */
public record FrontierPoint(String variantId, String tier, String model, String family, String label,
    Map<String, Double> values, int rank, double probabilityOptimal, double expectedRank) {

  public FrontierPoint {
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }
}
