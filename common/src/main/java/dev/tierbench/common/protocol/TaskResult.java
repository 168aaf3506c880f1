package dev.tierbench.common.protocol;

/** A finished measurement of one task, with who made it where. Accepted once per task id. */
public record TaskResult(
    String taskId, String leaseId, String agentId, String hostname, String tier, String modelSha256,
    Measurement measurement) implements WireMessage {

  public TaskResult {
    Checks.text(taskId, "taskId");
    Checks.text(leaseId, "leaseId");
    Checks.text(agentId, "agentId");
    Checks.text(hostname, "hostname");
    Checks.text(tier, "tier");
    Checks.text(modelSha256, "modelSha256");
    Checks.present(measurement, "measurement");
  }
}
