package dev.tierbench.common.protocol;

import java.util.List;

/**
 * An agent asks to join; the coordinator answers {@link Registered} or fails with a clear reason. An agent joining
 * again names the tasks it still holds in {@code claims}.
 */
public record Register(int protocolVersion, AgentInfo agent, List<Claim> claims) implements WireMessage, FromAgent {
  public Register {
    Checks.present(agent, "agent");
    claims = List.copyOf(Checks.present(claims, "claims"));
  }

  @Override
  public String agentId() {
    return agent.agentId();
  }

  /** A first registration: nothing held. */
  public Register(int protocolVersion, AgentInfo agent) {
    this(protocolVersion, agent, List.of());
  }
}
