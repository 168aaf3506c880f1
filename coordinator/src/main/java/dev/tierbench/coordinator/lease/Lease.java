package dev.tierbench.coordinator.lease;

import java.time.Instant;

import dev.tierbench.coordinator.plan.PlannedTask;

/** A task handed to one agent until {@code deadline}, which heartbeats push forward. */
public record Lease(String leaseId, PlannedTask task, String agentId, int attempt, Instant startedAt,
    Instant deadline) {

  Lease renewedUntil(Instant newDeadline) {
    return new Lease(leaseId, task, agentId, attempt, startedAt, newDeadline);
  }
}
