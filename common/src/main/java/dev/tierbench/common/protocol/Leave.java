package dev.tierbench.common.protocol;

/** An agent leaves the fleet in an orderly way. */
public record Leave(String agentId, String reason) implements WireMessage, FromAgent {
  public Leave {
    Checks.text(agentId, "agentId");
  }
}
