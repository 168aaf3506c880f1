package dev.tierbench.coordinator.fleet;

import java.time.Instant;
import java.util.Map;

import dev.tierbench.common.protocol.AgentInfo;

/**
 * What the coordinator knows of one agent now. {@code taskId} is null when the agent is idle; {@code system}
 * holds the latest live figures it sent while measuring (empty until it sends some).
 */
public record AgentRecord(AgentInfo info, Instant registeredAt, Instant lastSeen, long lastRoundTripMicros,
    String taskId, Map<String, Double> system) {

  public AgentRecord {
    system = Map.copyOf(system);
  }

  AgentRecord seen(Instant at, long roundTripMicros, String task) {
    return new AgentRecord(info, registeredAt, at, roundTripMicros < 0 ? lastRoundTripMicros : roundTripMicros, task,
        system);
  }

  AgentRecord withTask(String task) {
    return new AgentRecord(info, registeredAt, lastSeen, lastRoundTripMicros, task, system);
  }

  AgentRecord withSystem(Instant at, String task, Map<String, Double> values) {
    return new AgentRecord(info, registeredAt, at, lastRoundTripMicros, task, values);
  }
}
