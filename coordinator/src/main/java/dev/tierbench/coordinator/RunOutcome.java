package dev.tierbench.coordinator;

import java.nio.file.Path;
import java.util.List;

import dev.tierbench.coordinator.report.TrialSummary;
import dev.tierbench.coordinator.store.TaskRow;

/**
 * A finished run: where its files are, a row per trial and tier, and the tasks that failed.
 *
 * @param report the HTML report, or null when it could not be made (the coordinator's log says why)
 */
public record RunOutcome(String runId, Path folder, List<TrialSummary> trials, List<TaskRow> failures,
    int resumed, Path report) {

  public RunOutcome {
    trials = List.copyOf(trials);
    failures = List.copyOf(failures);
  }
}
