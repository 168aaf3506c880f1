package dev.tierbench.common.protocol;

/** An idle agent asks for work; the coordinator answers {@link TaskAssignment} or {@link NoWork}. */
public record LeaseRequest(String agentId) implements WireMessage, FromAgent {
  public LeaseRequest {
    Checks.text(agentId, "agentId");
  }
}
