package dev.tierbench.coordinator.plan;

import dev.tierbench.common.sweep.Trial;

/** One measurement the coordinator must obtain: a trial on a tier, one of its repetitions. */
public record PlannedTask(String taskId, Trial trial, String tier, int repetition) {

  public PlannedTask {
    if (repetition < 1) {
      throw new IllegalArgumentException("repetition must be >= 1");
    }
  }

  public static PlannedTask of(Trial trial, String tier, int repetition) {
    return new PlannedTask(trial.id() + "-" + tier + "-" + repetition, trial, tier, repetition);
  }
}
