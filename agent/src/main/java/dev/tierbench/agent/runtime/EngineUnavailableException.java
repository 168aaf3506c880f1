package dev.tierbench.agent.runtime;

import dev.tierbench.common.cli.UserException;

/** An inference engine this machine cannot start, with what to install to get it (one line). */
public final class EngineUnavailableException extends UserException {
  public EngineUnavailableException(String message) {
    super(message);
  }
}
