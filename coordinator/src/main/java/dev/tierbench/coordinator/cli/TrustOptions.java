package dev.tierbench.coordinator.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.tierbench.agent.host.HostInfo;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.coordinator.trust.StateFolder;
import picocli.CommandLine.Option;

/** Where a coordinator keeps its authority, certificate and tokens, and which certificate it shows. */
public final class TrustOptions {

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "The coordinator's CA, certificate, join token and credentials, made at first start"
          + " (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "Your own server certificate chain (PEM, its authority last) instead of the coordinator's own CA.")
  String tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "The private key of --tls-cert (PEM).")
  String tlsKey;

  @Option(names = "--tls-names", paramLabel = "NAME,...", split = ",",
      description = "More host names or addresses the server certificate is valid for (a NAT'd or DNS name agents"
          + " dial).")
  List<String> tlsNames;

  Path stateDir() {
    return stateDir;
  }

  /**
   * Opens the state folder, making what is missing; the certificate covers {@code host}, this machine's names and
   * --tls-names.
   */
  StateFolder open(String host) {
    if (tlsCert.isBlank() != tlsKey.isBlank()) {
      throw new UserException("tls-cert and tls-key go together: give both, or neither to use the coordinator's own CA");
    }
    Set<String> names = new LinkedHashSet<>();
    if (!host.isBlank()) {
      names.add(host);
    }
    names.addAll(List.of("127.0.0.1", "localhost", HostInfo.hostname()));
    if (tlsNames != null) {
      tlsNames.stream().map(String::strip).filter(n -> !n.isEmpty()).forEach(names::add);
    }
    try {
      return StateFolder.open(stateDir, new ArrayList<>(names), tlsCert.isBlank() ? null : Path.of(tlsCert),
          tlsKey.isBlank() ? null : Path.of(tlsKey));
    } catch (IOException e) {
      throw new UserException("state-dir " + stateDir + ": " + e.getMessage(), e);
    }
  }
}
