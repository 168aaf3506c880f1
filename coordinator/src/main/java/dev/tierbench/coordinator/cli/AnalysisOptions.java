package dev.tierbench.coordinator.cli;

import java.nio.file.Path;
import java.util.List;

import dev.tierbench.common.sweep.AnalysisSpec;
import dev.tierbench.coordinator.report.AnalysisSettings;
import picocli.CommandLine.Option;

/** Flags of the commands that analyse a stored run: where runs are, and the bootstrap's draws and seed. */
public final class AnalysisOptions {

  @Option(names = "--runs-dir", paramLabel = "DIR", description = "Where run folders are (default: ${DEFAULT-VALUE}).")
  Path runsDir;

  @Option(names = "--draws", paramLabel = "N",
      description = "Bootstrap draws for probabilities and intervals (default: ${DEFAULT-VALUE}).")
  int draws;

  @Option(names = "--draw-seed", paramLabel = "N",
      description = "Seed of the bootstrap: the same seed gives the same figures (default: ${DEFAULT-VALUE}).")
  long drawSeed;

  AnalysisSettings settings(AnalysisSpec spec, double plateauGain) {
    return AnalysisSettings.of(spec, draws, drawSeed, plateauGain);
  }

  /** Values of a repeatable flag without the empty default. */
  static List<String> given(List<String> values) {
    return values == null ? List.of() : values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
  }
}
