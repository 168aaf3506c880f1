package dev.tierbench.coordinator.cli;

import java.nio.file.Path;
import java.util.List;

import dev.tierbench.common.sweep.AnalysisSpec;
import dev.tierbench.coordinator.report.AnalysisSettings;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What the commands that analyse a stored run take: the run, where runs are, the bootstrap's draws and seed. */
public final class AnalysisOptions {

  @Parameters(index = "0", paramLabel = "RUN", description = "A run id under --runs-dir, a run folder or its results.db.")
  String run;

  @Option(names = "--runs-dir", paramLabel = "DIR", description = "Where run folders are (default: ${DEFAULT-VALUE}).")
  Path runsDir;

  @Option(names = "--draws", paramLabel = "N",
      description = "Bootstrap draws for probabilities and intervals (default: ${DEFAULT-VALUE}).")
  int draws;

  @Option(names = "--draw-seed", paramLabel = "N",
      description = "Seed of the bootstrap: the same seed gives the same figures (default: ${DEFAULT-VALUE}).")
  long drawSeed;

  /** The run's folder; fails listing the runs there are when RUN names none. */
  RunFolder folder() {
    return RunFolder.find(run, runsDir);
  }

  AnalysisSettings settings(AnalysisSpec spec, double plateauGain) {
    return AnalysisSettings.of(spec, draws, drawSeed, plateauGain);
  }

  /** Values of a repeatable flag without the empty default. */
  static List<String> given(List<String> values) {
    return values == null ? List.of() : values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
  }
}
