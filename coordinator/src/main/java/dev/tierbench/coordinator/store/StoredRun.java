package dev.tierbench.coordinator.store;

import java.time.Instant;
import java.util.List;

import dev.tierbench.coordinator.lease.TaskState;
import dev.tierbench.coordinator.plan.Exclusion;

/**
 * Everything a run's database holds, read at one moment: what the analysis and reports work from, whether the
 * run is finished or still being written. {@code tiers} in the order the sweep lists them; {@code repetitions}
 * as planned; {@code exclusions}: the trials the plan left out, and why.
 */
public record StoredRun(
    String runId,
    String sweepName,
    String sweepFile,
    Instant createdAt,
    int protocolVersion,
    List<String> tiers,
    int repetitions,
    List<StoredTrial> trials,
    List<TaskRow> tasks,
    List<StoredResult> results,
    List<StoredAgent> agents,
    List<Exclusion> exclusions) {

  public StoredRun {
    tiers = List.copyOf(tiers);
    trials = List.copyOf(trials);
    tasks = List.copyOf(tasks);
    results = List.copyOf(results);
    agents = List.copyOf(agents);
    exclusions = List.copyOf(exclusions);
  }

  /** The trial with id {@code trialId}: the one a result or task of this run names. */
  public StoredTrial trial(String trialId) {
    return trials.stream().filter(t -> t.trialId().equals(trialId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("run " + runId + " has no trial " + trialId));
  }

  /** Tasks neither done, failed nor skipped: queued, held, or leased and being measured. */
  public long unfinishedTasks() {
    return tasks.stream().filter(t -> !TaskState.valueOf(t.state()).terminal()).count();
  }

  /** Tasks an adaptive sweep chose not to measure: their variants are predicted. */
  public long skippedTasks() {
    return tasks.stream().filter(t -> t.state().equals(TaskState.SKIPPED.name())).count();
  }

  public long failedTasks() {
    return tasks.stream().filter(t -> t.state().equals("FAILED")).count();
  }
}
