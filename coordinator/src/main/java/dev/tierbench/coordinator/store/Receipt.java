package dev.tierbench.coordinator.store;

import java.time.Instant;
import java.util.Objects;

/** Who sent a stored result, under which lease and attempt, about which model file, and when it arrived. */
public record Receipt(String agentId, String hostname, String leaseId, int attempt, String modelSha256,
    Instant receivedAt) {

  public Receipt {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(leaseId, "leaseId");
    Objects.requireNonNull(modelSha256, "modelSha256");
    Objects.requireNonNull(receivedAt, "receivedAt");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts count from 1, got " + attempt);
    }
  }
}
