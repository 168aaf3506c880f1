package dev.tierbench.coordinator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.trust.ClientTrust;
import dev.tierbench.coordinator.trust.StateFolder;

/**
 * How a command on the coordinator's machine talks to it as the operator: the operator token from the state
 * folder, and the folder's authority (as the join token pins it) as the only one its certificate may come from.
 */
final class OperatorTrust {

  private OperatorTrust() {}

  /** @throws UserException in one line when the folder holds no operator token or join token, or cannot be read */
  static ClientTrust read(Path stateDir) {
    Path operator = stateDir.resolve(StateFolder.OPERATOR_TOKEN);
    if (!Files.exists(operator)) {
      throw new UserException("no operator token in " + stateDir + ": run status on the coordinator's machine, or"
          + " pass --state-dir");
    }
    try {
      return StateFolder.operatorTrust(stateDir);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserException("cannot read the coordinator's state folder " + stateDir + ": " + e.getMessage(), e);
    }
  }
}
