package dev.tierbench.common.protocol;

/** An agent hands a leased task back unmeasured (it is shutting down); the task is queued again. */
public record TaskRelease(String taskId, String leaseId, String agentId, String reason) implements WireMessage, FromAgent {
  public TaskRelease {
    Checks.text(taskId, "taskId");
    Checks.text(leaseId, "leaseId");
    Checks.text(agentId, "agentId");
    Checks.text(reason, "reason");
  }
}
