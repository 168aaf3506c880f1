package dev.tierbench.coordinator.cli;

import java.nio.file.Path;
import java.util.function.Function;

import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PlanPreview;
import dev.tierbench.coordinator.preparation.Preparation;
import dev.tierbench.coordinator.report.AnalysisSettings;
import dev.tierbench.coordinator.report.ResultTable;
import dev.tierbench.coordinator.store.RunFolders;

/** Plans a sweep file, runs it on a coordinator node and prints the outcome: shared by run and coordinator. */
final class SweepExecution {

  /** Exit status when the run finished but some tasks failed. */
  static final int SOME_TASKS_FAILED = 4;

  private final Plan plan;
  private final String runId;
  private final Path folder;

  private SweepExecution(Plan plan, String runId, Path folder) {
    this.plan = plan;
    this.runId = runId;
    this.folder = folder;
  }

  /** Reads and plans the sweep (every input error surfaces here, before anything starts). */
  static SweepExecution plan(Path sweepFile, CoordinatorOptions options, PlanLimits limits, Path cacheDir) {
    Sweep sweep = SweepParser.parse(sweepFile);
    AnalysisSettings.check(sweep.analysis());
    // Counted before anything is generated or trained: preparing a plan of millions of tasks is itself the harm.
    PlanPreview preview = PlanPreview.of(sweep);
    System.err.println("tierbench: " + preview.summary());
    limits.refusal(preview).ifPresent(reason -> {
      throw new UserException(reason);
    });
    Plan plan = Preparation.plan(sweep, cacheDir, new TrainingLines(System.err, System.console() != null));
    String runId = options.runId.isBlank() ? sweep.name() : options.runId;
    Path folder = options.runsDir.resolve(runId);
    if (options.fresh) {
      CoordinatorNode.clear(folder);
    }
    return new SweepExecution(plan, runId, folder);
  }

  Plan plan() {
    return plan;
  }

  /** Runs on {@code node}, prints the table and where the files are; returns the exit status. */
  int run(CoordinatorNode node, CoordinatorOptions options) {
    System.err.printf("tierbench: run %s: %d trial(s) x %d tier(s) x %d repetition(s) = %d task(s) into %s%n", runId,
        plan.trials().size(), plan.sweep().tiers().size(), plan.sweep().repetitions(), plan.tasks().size(), folder);
    plan.exclusions().forEach(e -> System.err.println("tierbench: " + e.describe()));
    System.err.printf("tierbench: watch it live at %s%n", node.watchUrl());
    ProgressBar bar = ProgressBar.create(options.progress, System.err);
    Thread interrupted = new Thread(() -> System.err.printf("%ntierbench: interrupted; every result measured so far"
        + " is kept in %s: run the same command again to resume%n", folder.resolve(RunFolders.DATABASE)));
    Runtime.getRuntime().addShutdownHook(interrupted);
    CoordinatorNode.Finished finished = node.run(runId, plan, folder, bar);
    Runtime.getRuntime().removeShutdownHook(interrupted);
    System.out.println();
    System.out.print(ResultTable.render(finished.report().trials()));
    System.out.println();
    Function<String, Path> file = name -> folder.resolve(name);
    System.out.println("results: " + file.apply(RunFolders.DATABASE) + ", " + file.apply(RunFolders.RESULTS_CSV) + ", "
        + file.apply(RunFolders.RESULTS_JSON) + (finished.outcome().resumed() > 0
            ? "  (" + finished.outcome().resumed() + " task(s) kept from an earlier run; --fresh measures all again)" : ""));
    System.out.println("report:  " + (finished.report().html() != null ? finished.report().html()
        : "not made (see the warning above); try again with: tierbench report " + folder));
    return finished.outcome().failures().isEmpty() ? 0 : SOME_TASKS_FAILED;
  }
}
