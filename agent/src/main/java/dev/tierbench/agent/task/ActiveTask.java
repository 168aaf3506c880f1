package dev.tierbench.agent.task;

import dev.tierbench.agent.measure.Cancellation;
import dev.tierbench.common.protocol.TaskAssignment;

/** The task an agent holds, from lease to delivered outcome; {@code cancellation} stops its measurement. */
public record ActiveTask(TaskAssignment assignment, Cancellation cancellation) {

  public ActiveTask {
    if (assignment == null || cancellation == null) {
      throw new IllegalArgumentException("an active task needs its assignment and a cancellation");
    }
  }

  public ActiveTask(TaskAssignment assignment) {
    this(assignment, new Cancellation());
  }

  public String leaseId() {
    return assignment.leaseId();
  }

  public String taskId() {
    return assignment.task().taskId();
  }
}
