package dev.tierbench.common.protocol;

/** A task leased to one agent; the lease lives while the agent's heartbeats renew it. */
public record TaskAssignment(String leaseId, TaskSpec task) implements WireMessage {
  public TaskAssignment {
    Checks.text(leaseId, "leaseId");
    Checks.present(task, "task");
  }
}
