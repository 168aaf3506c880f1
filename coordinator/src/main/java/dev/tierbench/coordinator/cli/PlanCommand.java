package dev.tierbench.coordinator.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.tierbench.common.cli.ConfigFileOption;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.plan.PlanPreview;
import dev.tierbench.coordinator.report.AnalysisSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tierbench plan SWEEP}: what {@code run} would make and measure, read from the file alone: nothing is
 * generated, trained, inspected or written. Exits 1 when {@code run} would refuse the plan.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show what a sweep would run (trials, tasks, models to generate or train, measuring time) without"
        + " running anything.")
public final class PlanCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SWEEP", description = "The sweep file (YAML).")
  Path sweepFile;

  @Mixin
  ConfigFileOption configFile;

  @Mixin
  PlanLimits limits;

  @Override
  public Integer call() {
    Sweep sweep = SweepParser.parse(sweepFile);
    AnalysisSettings.check(sweep.analysis());
    PlanPreview preview = PlanPreview.of(sweep);
    System.out.println("plan for " + sweep.name() + " (" + sweepFile + "), counted from the file before anything is"
        + " built:");
    preview.lines().forEach(line -> System.out.println("  " + line));
    Optional<String> refusal = limits.refusal(preview);
    if (refusal.isPresent()) {
      throw new UserException("run would refuse it: " + refusal.get());
    }
    return 0;
  }
}
