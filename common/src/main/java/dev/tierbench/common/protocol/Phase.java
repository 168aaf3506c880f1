package dev.tierbench.common.protocol;

/** Where an agent is in a task. */
public enum Phase {
  DOWNLOADING,
  WAITING_FOR_DEVICE,
  LOADING,
  WARMING_UP,
  MEASURING,
  /** Running a profiled instance of the model: where the time goes per operator. */
  PROFILING,
  /** Running the task's held-out set through the model for its accuracy. */
  EVALUATING
}
