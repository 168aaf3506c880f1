package dev.tierbench.common.protocol;

/**
 * A task could not be measured. {@code retryable} false means trying again cannot help (a corrupt model,
 * a batch size the model refuses): the task fails at once with {@code reason}.
 */
public record TaskFailure(String taskId, String leaseId, String agentId, String reason, boolean retryable)
    implements WireMessage, FromAgent {
  public TaskFailure {
    Checks.text(taskId, "taskId");
    Checks.text(leaseId, "leaseId");
    Checks.text(agentId, "agentId");
    Checks.text(reason, "reason");
  }
}
