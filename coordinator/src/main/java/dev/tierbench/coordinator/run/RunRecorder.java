package dev.tierbench.coordinator.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.coordinator.lease.AttemptEnd;
import dev.tierbench.coordinator.lease.Lease;
import dev.tierbench.coordinator.lease.TaskState;
import dev.tierbench.coordinator.metrics.CoordinatorMetrics;
import dev.tierbench.coordinator.plan.PlannedTask;
import dev.tierbench.coordinator.store.RunWriter;

/**
 * The one place a {@link RunEvent} becomes a log line, a metric and a stored row, so that every failure, however
 * it came about, is counted and stored alike. Store writes go to {@link StoreWrites} (in the coordinator, an ordered
 * worker, so the event loop never waits on SQLite and writes keep their order); a write that fails is logged, as
 * nothing can be answered for it.
 */
public final class RunRecorder implements java.util.function.Consumer<RunEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

  private final CoordinatorMetrics metrics;
  private final StoreWrites storeWrites;
  /** The database of each run in progress. */
  private final Map<String, RunWriter> stores = new ConcurrentHashMap<>();

  /** Where a write to a run's database runs: in the coordinator, its store's ordered writer thread. */
  @FunctionalInterface
  public interface StoreWrites {
    void run(RunWriter store, Runnable write);
  }

  public RunRecorder(CoordinatorMetrics metrics, StoreWrites storeWrites) {
    this.metrics = metrics;
    this.storeWrites = storeWrites;
  }

  /** Stores what follows of {@code runId} into {@code store}, its database; what the fleet does goes to all. */
  public void recordInto(String runId, RunWriter store) {
    stores.put(runId, store);
  }

  /** Stops storing {@code runId}'s events: it ended (writes already handed to the executor still happen). */
  public void stopRecording(String runId) {
    stores.remove(runId);
  }

  @Override
  public void accept(RunEvent event) {
    if (event instanceof RunEvent.AgentJoined joined) {
      agentJoined(joined);
    } else if (event instanceof RunEvent.AgentLeft left) {
      LOG.info("agent {} left: {}", left.agentId(), left.reason());
    } else if (event instanceof RunEvent.RunStarted started) {
      metrics.runStarted(started.tiers());
      LOG.info("run {}: {} trials, {} tasks ({} already measured)", started.runId(), started.trials(),
          started.tasks(), started.resumed());
    } else if (event instanceof RunEvent.TaskLeased leased) {
      Lease lease = leased.lease();
      LOG.info("task {} attempt {} leased to agent {} (lease {})", lease.task().taskId(), lease.attempt(),
          lease.agentId(), lease.leaseId());
      write(leased.runId(), "lease " + lease.leaseId(), s -> s.saveLease(lease));
    } else if (event instanceof RunEvent.LeaseKept kept) {
      Lease lease = kept.lease();
      LOG.info("task {} attempt {} kept for agent {} until {} (lease {}, {})", lease.task().taskId(),
          lease.attempt(), lease.agentId(), lease.deadline(), lease.leaseId(), kept.how());
      write(kept.runId(), "lease " + lease.leaseId(), s -> s.saveLease(lease));
    } else if (event instanceof RunEvent.ClaimRefused refused) {
      LOG.warn("agent {} claims {}: refused, {}", refused.agentId(), refused.claim().describe(), refused.reason());
    } else if (event instanceof RunEvent.AttemptEnded ended) {
      attemptEnded(ended.runId(), ended.end(), ended.task());
    } else if (event instanceof RunEvent.ResultStored stored) {
      metrics.resultReceived(stored.task().tier());
    } else if (event instanceof RunEvent.TasksFailed failed) {
      tasksFailed(failed);
    } else if (event instanceof RunEvent.TasksSkipped skipped) {
      LOG.info("run {}: {}", skipped.runId(), skipped.describe());
      write(skipped.runId(), "skipping " + skipped.tasks().size() + " task(s)",
          s -> skipped.tasks().forEach(t -> s.markSkipped(t.taskId(), skipped.reason(), skipped.at())));
    } else if (event instanceof RunEvent.RunFinished finished) {
      LOG.info("run {} finished: {} task(s), {} failed; results in {}", finished.outcome().runId(),
          finished.outcome().tasks(), finished.outcome().failures().size(), finished.outcome().folder());
    }
  }

  private void agentJoined(RunEvent.AgentJoined joined) {
    AgentInfo info = joined.agent();
    LOG.info("agent {} {} (tier {}, host {}, {} cores, {})", info.agentId(), joined.isNew() ? "joined"
        : "registered again", info.tier(), info.hostname(), info.cores(), info.describeEngines());
    stores.keySet().forEach(run -> write(run, "agent " + info.agentId(), s -> s.saveAgent(info, joined.at())));
  }

  private void attemptEnded(String runId, AttemptEnd end, PlannedTask task) {
    if (end.outcome() == AttemptEnd.Outcome.DONE && end.reason() != null) {
      LOG.warn("task {} attempt {} on agent {}: result {}; stored, marked as disturbed", end.taskId(), end.attempt(),
          end.agentId(), end.reason());
    } else if (end.outcome() != AttemptEnd.Outcome.DONE) {
      String what = end.taskState() == TaskState.QUEUED ? "queued again"
          : end.taskState() == TaskState.FAILED ? "task failed" : end.taskState().name().toLowerCase();
      if (end.outcome() == AttemptEnd.Outcome.RELEASED) {
        LOG.info("task {} attempt {} handed back by agent {} ({}): {}", end.taskId(), end.attempt(), end.agentId(),
            end.reason(), what);
      } else {
        LOG.warn("task {} attempt {} on agent {} {}: {}; {}", end.taskId(), end.attempt(), end.agentId(),
            end.outcome().name().toLowerCase(), end.reason(), what);
      }
      if (end.outcome() == AttemptEnd.Outcome.EXPIRED) {
        metrics.leaseExpired(task.tier());
      }
      if (end.taskState() == TaskState.QUEUED) {
        metrics.requeued(task.tier());
      } else if (end.taskState() == TaskState.FAILED) {
        metrics.taskFailed(task.tier());
      }
    }
    write(runId, "attempt " + end.attempt() + " of task " + end.taskId(), s -> s.saveAttempt(end));
  }

  private void tasksFailed(RunEvent.TasksFailed failed) {
    LOG.warn("{}; {} task(s) fail", failed.reason(), failed.tasks().size());
    failed.tasks().forEach(t -> metrics.taskFailed(t.tier()));
    write(failed.runId(), "failure of " + failed.tasks().size() + " task(s)",
        s -> failed.tasks().forEach(t -> s.markFailed(t.taskId(), failed.reason(), failed.at())));
  }

  private void write(String runId, String what, java.util.function.Consumer<RunWriter> write) {
    RunWriter target = stores.get(runId);
    if (target == null) {
      return;
    }
    storeWrites.run(target, () -> {
      try {
        write.accept(target);
      } catch (RuntimeException e) {
        LOG.error("cannot record {}: {}", what, e.getMessage());
      }
    });
  }
}
