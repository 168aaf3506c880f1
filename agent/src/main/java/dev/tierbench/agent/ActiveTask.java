package dev.tierbench.agent;

import dev.tierbench.agent.measure.Cancellation;
import dev.tierbench.common.protocol.TaskAssignment;

/** The task an agent holds, from lease to delivered outcome. */
record ActiveTask(TaskAssignment assignment, Cancellation cancellation) {

  ActiveTask(TaskAssignment assignment) {
    this(assignment, new Cancellation());
  }

  String leaseId() {
    return assignment.leaseId();
  }

  String taskId() {
    return assignment.task().taskId();
  }
}
