package dev.tierbench.common.protocol;

/**
 * A finished measurement of one task, with who made it where, and the evaluation when the task carried a set
 * (else null). Accepted once per task id.
 */
public record TaskResult(
    String taskId, String leaseId, String agentId, String hostname, String tier, String modelSha256,
    Measurement measurement, Evaluation evaluation) implements WireMessage, FromAgent {

  public TaskResult {
    Checks.text(taskId, "taskId");
    Checks.text(leaseId, "leaseId");
    Checks.text(agentId, "agentId");
    Checks.text(hostname, "hostname");
    Checks.text(tier, "tier");
    Checks.text(modelSha256, "modelSha256");
    Checks.present(measurement, "measurement");
  }

  /** A result without an evaluation. */
  public TaskResult(String taskId, String leaseId, String agentId, String hostname, String tier, String modelSha256,
      Measurement measurement) {
    this(taskId, leaseId, agentId, hostname, tier, modelSha256, measurement, null);
  }
}
