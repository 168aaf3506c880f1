package dev.tierbench.coordinator.recommend;

import java.util.List;
import java.util.stream.Collectors;

import dev.tierbench.coordinator.analysis.Objective;

/**
 * "Maximise (or minimise) a metric subject to constraints, on a tier".
 *
 * @param tier null for every tier
 */
public record Query(Objective goal, List<Constraint> where, String tier) {

  public Query {
    where = List.copyOf(where);
  }

  @Override
  public String toString() {
    return (goal.direction() == dev.tierbench.coordinator.analysis.Direction.MAXIMIZE ? "maximize " : "minimize ")
        + goal.name()
        + (where.isEmpty() ? "" : " where " + where.stream().map(Constraint::toString).collect(Collectors.joining(" and ")))
        + (tier == null ? " on any tier" : " on tier " + tier);
  }
}
