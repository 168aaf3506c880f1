package dev.tierbench.coordinator.adaptive;

import java.util.List;

import dev.tierbench.coordinator.plan.PlannedTask;
import dev.tierbench.coordinator.predict.Group;
import dev.tierbench.coordinator.predict.LatencyCase;

/**
 * A variant an adaptive sweep may measure: one trial on one tier, with the tasks that measure it (its repetitions).
 *
 * @param model the model's sha256: variants of one model share its quality, measured on any of them
 * @param variant what the latency model knows of it; null when its model could not be inspected (never predicted,
 *     so measured whenever it may matter)
 * @param quality known before measuring (MACs, when no evaluation set scores the models), else NaN until a variant
 *     of its model is measured
 */
public record Candidate(String variantId, Group group, String model, LatencyCase variant, double quality,
    List<PlannedTask> tasks) {

  public Candidate {
    tasks = List.copyOf(tasks);
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("variant " + variantId + " has no task");
    }
  }

  public String tier() {
    return group.tier();
  }
}
