package dev.tierbench.coordinator.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where a person's command finds a coordinator, and who they are to it. */
public final class CoordinatorAccess {

  @Option(names = "--coordinator", paramLabel = "URL",
      description = "The coordinator's address (default: ${DEFAULT-VALUE}).")
  String coordinator;

  @Mixin
  CallerTrust caller;

  CoordinatorClient client() {
    return new CoordinatorClient(coordinator, caller);
  }
}
