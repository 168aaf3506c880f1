package dev.tierbench.common.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} flag every command takes. Its file is read before parsing (see
 * {@code ConfigDefaultProvider.fromArgs}); declaring it here lets picocli accept and document it.
 */
public final class ConfigFileOption {

  @Option(names = "--config", paramLabel = "FILE", description = "YAML file of config keys (same names as the flags).")
  Path config;
}
