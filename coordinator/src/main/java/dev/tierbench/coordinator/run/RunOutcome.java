package dev.tierbench.coordinator.run;

import java.nio.file.Path;
import java.util.List;

/**
 * A finished run, as the coordinator leaves it: every task done or failed, the database closed. What was measured
 * is in the folder's database; the report is made from there, after the run.
 *
 * @param resumed tasks that already had a result when the run started
 */
public record RunOutcome(String runId, Path folder, int tasks, int resumed, List<FailedTask> failures) {

  /** A task that ended without a result, and why. */
  public record FailedTask(String taskId, String tier, String reason) {}

  public RunOutcome {
    failures = List.copyOf(failures);
  }
}
