package dev.tierbench.coordinator.queue;

import java.time.Instant;

/**
 * A run submitted to the coordinator, as the queue keeps it.
 *
 * @param submitter the name of the credential that submitted it
 * @param priority its weight when runs share agents: 2 gets twice the agent time of 1
 * @param reason why it failed or who cancelled it; empty otherwise
 * @param startedAt when it began running, or null; {@code endedAt} likewise
 */
public record QueuedRun(String id, String sweep, String submitter, int priority, RunStatus status,
    Instant submittedAt, Instant startedAt, Instant endedAt, String reason) {

  public QueuedRun {
    if (id == null || id.isBlank() || sweep == null || submitter == null || status == null || submittedAt == null) {
      throw new IllegalArgumentException("a queued run needs an id, a sweep, a submitter, a status and a time");
    }
    if (priority < 1 || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException("priority must be 1 to " + MAX_PRIORITY + ", got " + priority);
    }
    reason = reason == null ? "" : reason;
  }

  /** The highest priority a run may have: ten times the agent time of a run of priority 1. */
  public static final int MAX_PRIORITY = 10;
}
