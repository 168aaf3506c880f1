package dev.tierbench.coordinator.lease;

import java.time.Instant;

/**
 * How one attempt (lease) at a task ended, and what became of the task: the record kept of every attempt,
 * failed or not.
 */
public record AttemptEnd(String taskId, int attempt, String leaseId, String agentId, Instant startedAt,
    Instant endedAt, Outcome outcome, String reason, TaskState taskState) {

  public enum Outcome {
    /** A result arrived and was accepted. */
    DONE,
    /** The agent stopped renewing the lease (killed, hung, partitioned). */
    EXPIRED,
    /** The agent reported a failure. */
    FAILED,
    /** The agent handed the task back unmeasured (it was stopping). */
    RELEASED,
    /** The agent left the fleet while holding the lease. */
    AGENT_LEFT,
    /** Another attempt's result arrived first; this lease was revoked. */
    SUPERSEDED,
    /** This attempt's result arrived after another attempt's had been stored: recorded, not stored. */
    LATE,
    /** The agent registered again without naming this lease among those it holds (its process restarted). */
    UNCLAIMED,
    /** The run was cancelled while the agent held the lease; the agent is told at its next heartbeat. */
    CANCELLED
  }
}
