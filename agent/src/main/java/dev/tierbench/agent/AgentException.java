package dev.tierbench.agent;

import dev.tierbench.common.cli.UserException;

/** An agent cannot go on; the message says why in words meant for the user. */
public final class AgentException extends UserException {
  public AgentException(String message) {
    super(message);
  }

  /** @param cause what the coordinator said, when it refused the agent */
  public AgentException(String message, Throwable cause) {
    super(message, cause);
  }
}
