package dev.tierbench.coordinator.cli;

import static dev.tierbench.common.cli.Await.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import dev.tierbench.common.sweep.InputPaths;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.Coordinator;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PlanPreview;
import dev.tierbench.coordinator.preparation.Preparation;
import dev.tierbench.coordinator.queue.QueueStore;
import dev.tierbench.coordinator.queue.RunService;
import dev.tierbench.coordinator.report.RunReport;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.submit.Submission;
import dev.tierbench.coordinator.training.TrainingProgress;

/**
 * A long-running coordinator's run queue: submitted runs are planned from their folder (the sweep, and the files
 * uploaded with it laid out under it), trained where the sweep says, run, and reported, as {@code run} would.
 * Public so that the browser tests submit to the very queue {@code tierbench coordinator} serves.
 */
public final class QueueWiring {

  private QueueWiring() {}

  /**
   * Starts the queue on {@code coordinator}, resuming what an earlier one left in {@code runsDir}.
   *
   * @param limits why a submitted plan is too big to be run here, if it is
   */
  public static RunService start(Coordinator coordinator, Path runsDir, Path cacheDir,
      Function<PlanPreview, Optional<String>> limits, int maxRuns) {
    QueueStore queue = QueueStore.open(runsDir);
    RunService service = new RunService(coordinator, queue, runsDir, (folder, training) -> plan(coordinator, folder, cacheDir, training),
        (run, plan, outcome) -> RunReport.write(outcome.folder(), plan.sweep().analysis()), Clock.systemUTC(),
        maxRuns);
    await(coordinator.serveQueue(service, limits), Duration.ofSeconds(10), "starting the run queue");
    service.start();
    return service;
  }

  private static Plan plan(Coordinator coordinator, Path folder, Path cacheDir, TrainingProgress training)
      throws Exception {
    Sweep sweep = SweepParser.parse(folder.resolve(RunFolders.SWEEP_COPY));
    InputPaths inputs = Submission.inputs(folder, coordinator.blobs(), coordinator.blobs().limit());
    return Plan.of(sweep, Preparation.prepare(sweep, inputs, cacheDir, training));
  }
}
