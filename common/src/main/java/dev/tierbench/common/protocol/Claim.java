package dev.tierbench.common.protocol;

/**
 * A task an agent still holds when it registers again (its coordinator restarted, or it joined the cluster anew):
 * the lease it is measuring under, or whose outcome (result, failure, hand-back) it has yet to deliver. The coordinator keeps such leases for
 * their agents a while, so that no task is measured twice across a restart.
 */
public record Claim(String taskId, String leaseId, boolean outcomeHeld) {
  public Claim {
    Checks.text(taskId, "taskId");
    Checks.text(leaseId, "leaseId");
  }

  public String describe() {
    return "task " + taskId + " (lease " + leaseId + ", " + (outcomeHeld ? "outcome held" : "measuring") + ")";
  }
}
