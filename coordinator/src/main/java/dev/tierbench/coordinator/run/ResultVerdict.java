package dev.tierbench.coordinator.run;

import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.stats.LatencySummary;
import dev.tierbench.coordinator.plan.PlannedTask;

/** What the run makes of a result before it is stored: take it, refuse it with a note, or reject it as malformed. */
public sealed interface ResultVerdict {

  /**
   * Store {@code result} (the one sent, or marked with a disturbance when its lease had expired), then tell
   * {@link RunCore#stored}. {@code attempt} is the number of the attempt that measured it.
   */
  record Accept(RunState run, PlannedTask task, int attempt, LatencySummary latency, TaskResult result)
      implements ResultVerdict {}

  /** Not for this run, a duplicate, or for another task than it claims; the agent is told why. */
  record Refuse(String note) implements ResultVerdict {}

  /**
   * No run has started yet (a restarted coordinator resuming the run the result belongs to): the agent keeps it and
   * sends it again, rather than have it measured twice.
   */
  record NotYet(String note) implements ResultVerdict {}

  /** It cannot be read (a latency histogram that does not decode): a bad request. */
  record Malformed(String problem) implements ResultVerdict {}
}
