package dev.tierbench.common.protocol;

/** Where an agent is in a task. */
public enum Phase {
  DOWNLOADING,
  WAITING_FOR_DEVICE,
  LOADING,
  WARMING_UP,
  MEASURING,
  /** Running the task's held-out set through the model for its accuracy. */
  EVALUATING
}
