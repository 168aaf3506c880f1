package dev.tierbench.coordinator.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Who sent a stored result, under which lease and attempt, about which model file, and when it arrived. {@code attempt}
 * is 0 for a result an agent held across a coordinator restart: the coordinator that took it never leased the task.
 */
public record Receipt(String agentId, String hostname, String leaseId, int attempt, String modelSha256,
    Instant receivedAt) {

  public Receipt {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(modelSha256, "modelSha256");
    Objects.requireNonNull(receivedAt, "receivedAt");
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must not be negative, got " + attempt);
    }
  }
}
