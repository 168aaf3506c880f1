package dev.tierbench.coordinator.run;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.Claim;
import dev.tierbench.common.stats.LatencySummary;
import dev.tierbench.coordinator.lease.AttemptEnd;
import dev.tierbench.coordinator.lease.Lease;
import dev.tierbench.coordinator.plan.PlannedTask;

/**
 * Something that changed the fleet or a run; what happened in a run names it. {@link RunCore} says every change as one of these, and one
 * recorder turns each into its log line, metric and stored row, so no change is recorded two ways.
 */
public sealed interface RunEvent {

  /** A short line for the live page and progress bar, or null if the change is not worth one. */
  String describe();

  /** The run it happened in; null for what happened to the fleet. */
  default String runId() {
    return null;
  }

  record AgentJoined(AgentInfo agent, boolean isNew, Instant at) implements RunEvent {
    @Override
    public String describe() {
      return "agent " + agent.agentId() + " joined";
    }
  }

  record AgentLeft(String agentId, String reason) implements RunEvent {
    @Override
    public String describe() {
      return "agent " + agentId + " left";
    }
  }

  record RunStarted(String runId, int trials, int tasks, int resumed, List<String> tiers) implements RunEvent {
    public RunStarted {
      tiers = List.copyOf(tiers);
    }

    @Override
    public String describe() {
      return resumed > 0 ? "resumed: " + resumed + " task(s) already measured" : "run started";
    }
  }

  record TaskLeased(String runId, Lease lease) implements RunEvent {
    @Override
    public String describe() {
      return null;
    }
  }

  /**
   * A lease carried over a coordinator restart: left open by the earlier coordinator and kept for its agent a lease
   * timeout more, or claimed by an agent registering again. {@code how} says which, for the log.
   */
  record LeaseKept(String runId, Lease lease, String how) implements RunEvent {
    @Override
    public String describe() {
      return null;
    }
  }

  /** An agent registering again claimed a lease it cannot keep; what it measures or holds will not be stored. */
  record ClaimRefused(String agentId, Claim claim, String reason) implements RunEvent {
    @Override
    public String describe() {
      return null;
    }
  }

  /** An attempt ended, with a result or without; the task's new state is in {@code end}. */
  record AttemptEnded(String runId, AttemptEnd end, PlannedTask task) implements RunEvent {
    @Override
    public String describe() {
      return end.outcome() == AttemptEnd.Outcome.DONE ? null
          : end.taskId() + ": " + end.outcome().name().toLowerCase(Locale.ROOT) + " (" + end.reason() + ")";
    }
  }

  /** A result was stored; its attempt's end follows as {@link AttemptEnded}. */
  record ResultStored(String runId, PlannedTask task, LatencySummary latency) implements RunEvent {
    @Override
    public String describe() {
      return String.format(Locale.ROOT, "%s batch %d on %s: p50 %.3f ms", task.trial().model().name(),
          task.trial().params().batch(), task.tier(), latency.p50() / 1e6);
    }
  }

  /**
   * Tasks failed without an attempt, all for one reason: their model cannot be used, or no agent of their tier
   * is left.
   */
  record TasksFailed(String runId, List<PlannedTask> tasks, String reason, Instant at) implements RunEvent {
    public TasksFailed {
      tasks = List.copyOf(tasks);
    }

    @Override
    public String describe() {
      return reason;
    }
  }

  /** Tasks an adaptive sweep will not measure, all of one tier, for one reason (its frontier is stable, or ...). */
  record TasksSkipped(String runId, String tier, List<PlannedTask> tasks, String reason, Instant at)
      implements RunEvent {
    public TasksSkipped {
      tasks = List.copyOf(tasks);
    }

    @Override
    public String describe() {
      return "tier " + tier + ": " + reason + "; " + tasks.size() + " task(s) predicted, not measured";
    }
  }

  record RunFinished(RunOutcome outcome) implements RunEvent {
    @Override
    public String runId() {
      return outcome.runId();
    }

    @Override
    public String describe() {
      return "run " + outcome.runId() + " finished";
    }
  }
}
