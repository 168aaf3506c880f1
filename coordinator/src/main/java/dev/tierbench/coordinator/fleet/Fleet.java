package dev.tierbench.coordinator.fleet;

import org.HdrHistogram.Histogram;

import dev.tierbench.common.stats.Histograms;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tierbench.common.protocol.AgentInfo;

/** The registered agents and when each was last heard from. Not thread-safe: the coordinator's loop owns it. */
public final class Fleet {

  private final Clock clock;
  private final Map<String, AgentRecord> agents = new LinkedHashMap<>();
  /** Each agent's heartbeat round-trip times (ns) since the run began, as the agents measured them. */
  private final Map<String, Histogram> roundTrips = new LinkedHashMap<>();
  /** When any agent of each tier was last heard from, kept after the agents leave. */
  private final Map<String, Instant> tierHeard = new LinkedHashMap<>();

  public Fleet(Clock clock) {
    this.clock = clock;
  }

  /** Registers (or re-registers) an agent; returns true if it was not known before. */
  public boolean register(AgentInfo info) {
    AgentRecord previous = agents.put(info.agentId(),
        new AgentRecord(info, clock.instant(), clock.instant(), -1, null, Map.of()));
    tierHeard.put(info.tier(), clock.instant());
    return previous == null;
  }

  /** Notes that an agent was heard from; false if it is not registered. */
  public boolean seen(String agentId, long roundTripMicros, String taskId) {
    AgentRecord record = agents.get(agentId);
    if (record == null) {
      return false;
    }
    agents.put(agentId, record.seen(clock.instant(), roundTripMicros, taskId));
    tierHeard.put(record.info().tier(), clock.instant());
    if (roundTripMicros >= 0) {
      roundTrips.computeIfAbsent(agentId, id -> Histograms.create()).recordValue(roundTripMicros * 1_000);
    }
    return true;
  }

  /** Keeps an agent's latest live system figures; false if it is not registered. */
  public boolean telemetry(String agentId, String taskId, Map<String, Double> values) {
    AgentRecord record = agents.get(agentId);
    if (record == null) {
      return false;
    }
    agents.put(agentId, record.withSystem(clock.instant(), taskId, values));
    return true;
  }

  /** The agent no longer holds {@code taskId} (its lease ended without it); other tasks it reported stay. */
  public void dropTask(String agentId, String taskId) {
    AgentRecord record = agents.get(agentId);
    if (record != null && taskId.equals(record.taskId())) {
      agents.put(agentId, record.withTask(null));
    }
  }

  public Optional<AgentRecord> get(String agentId) {
    return Optional.ofNullable(agents.get(agentId));
  }

  public void remove(String agentId) {
    agents.remove(agentId);
  }

  /** Whether the agent was heard from within {@code window}. */
  public boolean alive(String agentId, Duration window) {
    AgentRecord record = agents.get(agentId);
    return record != null && !record.lastSeen().plus(window).isBefore(clock.instant());
  }

  /** Copies of the agents' round-trip histograms, by agent id. */
  public Map<String, Histogram> roundTrips() {
    Map<String, Histogram> copies = new LinkedHashMap<>();
    roundTrips.forEach((id, h) -> copies.put(id, h.copy()));
    return copies;
  }

  /** Starts the round-trip record afresh (a new run). */
  public void clearRoundTrips() {
    roundTrips.clear();
  }

  /** When an agent of {@code tier} was last heard from; empty if none ever registered. */
  public Optional<Instant> lastHeard(String tier) {
    return Optional.ofNullable(tierHeard.get(tier));
  }

  public List<AgentRecord> all() {
    return new ArrayList<>(agents.values());
  }
}
