package dev.tierbench.common.protocol;

/**
 * An agent is alive; it renews the lease it holds ({@code leaseId} is null when idle). The agent reports the
 * round-trip time it measured for its previous heartbeat, so the control plane's latency is on record.
 */
public record Heartbeat(String agentId, String leaseId, long sentAtMillis, long lastRoundTripMicros)
    implements WireMessage, FromAgent {
  public Heartbeat {
    Checks.text(agentId, "agentId");
  }
}
