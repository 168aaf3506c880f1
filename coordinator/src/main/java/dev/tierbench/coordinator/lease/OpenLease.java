package dev.tierbench.coordinator.lease;

import java.time.Instant;

/**
 * A lease as the store keeps it while it is open: granted, not yet ended. One left open when a coordinator stopped
 * is given back to its agent by the next, which must not lease that task to anyone else while the agent may still be
 * measuring it or holding its result.
 */
public record OpenLease(String taskId, String leaseId, String agentId, int attempt, Instant startedAt) {
  public OpenLease {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
    }
  }
}
