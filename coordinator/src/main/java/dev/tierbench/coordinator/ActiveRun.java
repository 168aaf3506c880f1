package dev.tierbench.coordinator;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.tierbench.coordinator.lease.TaskBoard;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PlannedTask;
import dev.tierbench.coordinator.store.ResultStore;
import io.vertx.core.Promise;

/** The run a coordinator is working on: its plan, board, store, and the promise its submitter waits on. */
final class ActiveRun {

  final String runId;
  final Plan plan;
  final Path folder;
  final ResultStore store;
  final TaskBoard board;
  final Promise<RunOutcome> finished;
  /** Tasks that already had a result when the run started. */
  final int resumed;
  final Map<String, PlannedTask> tasks = new HashMap<>();
  boolean finishing;

  ActiveRun(String runId, Plan plan, Path folder, ResultStore store, TaskBoard board, Promise<RunOutcome> finished,
      int resumed) {
    this.runId = runId;
    this.plan = plan;
    this.folder = folder;
    this.store = store;
    this.board = board;
    this.finished = finished;
    this.resumed = resumed;
    plan.tasks().forEach(t -> tasks.put(t.taskId(), t));
  }
}
