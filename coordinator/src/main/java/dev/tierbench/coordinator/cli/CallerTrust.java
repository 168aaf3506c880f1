package dev.tierbench.coordinator.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.trust.ClientTrust;
import dev.tierbench.common.trust.JoinToken;
import dev.tierbench.common.trust.SecretFile;
import picocli.CommandLine.Option;

/**
 * Who a command that talks to a coordinator as a person ({@code status}, and those that submit, list, wait for or
 * cancel runs) is to it: the person whose token is in {@code --token-file}, from any machine, or else the operator,
 * from the state folder on the coordinator's own machine. Either way the coordinator's certificate must come from
 * the authority the token pins: no trust on first use.
 */
public final class CallerTrust {

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "A file only you may read, holding your token (from `tierbench token user add` on the"
          + " coordinator's machine); without it, the operator token of --state-dir is used.")
  String tokenFile;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "The coordinator's state folder, for its operator token and certificate authority, when no"
          + " --token-file is given (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  /**
   * The bearer and the pinned authority to talk to the coordinator with.
   *
   * @throws UserException in one line naming the file that is missing, readable by others or holds no token
   */
  ClientTrust read() {
    if (tokenFile.isBlank()) {
      return OperatorTrust.read(stateDir);
    }
    try {
      return ClientTrust.of(JoinToken.parse(SecretFile.read(Path.of(tokenFile)), "user token"));
    } catch (IOException | IllegalArgumentException e) {
      throw new UserException("token-file " + tokenFile + ": " + e.getMessage(), e);
    }
  }

  /** What {@code uri} answering 401 or 403 means, naming the credential that was sent. */
  UserException refused(URI uri, int status) {
    if (tokenFile.isBlank()) {
      return new UserException(uri + " refused the operator token of " + stateDir + " (HTTP " + status + "): is that"
          + " this coordinator's state folder?");
    }
    return new UserException(uri + " refused the token in " + tokenFile + " (HTTP " + status + "): " + (status == 403
        ? "its role may not do this; ask the coordinator's operator for a submit token"
        : "it was revoked, or is another coordinator's"));
  }
}
