package dev.tierbench.coordinator.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.tierbench.coordinator.adaptive.AdaptiveSweep;
import dev.tierbench.coordinator.lease.TaskBoard;
import dev.tierbench.coordinator.lease.TaskState;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PlannedTask;

/** The run in progress, read-only to all but {@link RunCore}: its plan, folder and where its tasks stand. */
public final class RunState {

  private final String runId;
  private final Plan plan;
  private final Path folder;
  private final int resumed;
  final TaskBoard board;
  /** Null for a run that measures every task. */
  final AdaptiveSweep adaptive;
  private final Map<String, PlannedTask> tasks = new LinkedHashMap<>();

  RunState(String runId, Plan plan, Path folder, int resumed, TaskBoard board, AdaptiveSweep adaptive) {
    this.runId = runId;
    this.plan = plan;
    this.folder = folder;
    this.resumed = resumed;
    this.board = board;
    this.adaptive = adaptive;
    plan.tasks().forEach(t -> tasks.put(t.taskId(), t));
  }

  public String runId() {
    return runId;
  }

  public Plan plan() {
    return plan;
  }

  public Path folder() {
    return folder;
  }

  /** Tasks that already had a result when the run started. */
  public int resumed() {
    return resumed;
  }

  public Optional<PlannedTask> task(String taskId) {
    return Optional.ofNullable(tasks.get(taskId));
  }

  /** Task counts by state, per tier. */
  public Map<String, Map<TaskState, Integer>> counts() {
    return board.counts();
  }

  /** Task counts by state, every state present. */
  public Map<TaskState, Integer> totals() {
    return board.totals();
  }

  public int size() {
    return board.size();
  }
}
