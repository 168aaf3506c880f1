package dev.tierbench.common.protocol;

/** How far a leased task has come; it also renews the lease. {@code total} is 0 when unknown. */
public record Progress(String agentId, String leaseId, String taskId, Phase phase, long done, long total)
    implements WireMessage, FromAgent {
  public Progress {
    Checks.text(agentId, "agentId");
    Checks.text(leaseId, "leaseId");
    Checks.text(taskId, "taskId");
    Checks.present(phase, "phase");
  }
}
