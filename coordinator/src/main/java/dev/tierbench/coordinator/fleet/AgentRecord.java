package dev.tierbench.coordinator.fleet;

import java.time.Instant;

import dev.tierbench.common.protocol.AgentInfo;

/** What the coordinator knows of one agent now. {@code taskId} is null when the agent is idle. */
public record AgentRecord(AgentInfo info, Instant registeredAt, Instant lastSeen, long lastRoundTripMicros,
    String taskId) {

  AgentRecord seen(Instant at, long roundTripMicros, String task) {
    return new AgentRecord(info, registeredAt, at, roundTripMicros < 0 ? lastRoundTripMicros : roundTripMicros, task);
  }
}
