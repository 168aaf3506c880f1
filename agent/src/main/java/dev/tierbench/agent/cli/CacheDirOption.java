package dev.tierbench.agent.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where downloaded and generated models are kept, by content hash. */
public final class CacheDirOption {

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Where downloaded and generated models are kept (default: ${DEFAULT-VALUE}).")
  Path cacheDir;

  public Path cacheDir() {
    return cacheDir;
  }
}
