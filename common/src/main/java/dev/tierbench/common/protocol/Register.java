package dev.tierbench.common.protocol;

/** An agent asks to join; the coordinator answers {@link Registered} or fails with a clear reason. */
public record Register(int protocolVersion, AgentInfo agent) implements WireMessage {
  public Register {
    Checks.present(agent, "agent");
  }
}
