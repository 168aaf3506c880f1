package dev.tierbench.agent.link;

import java.util.Map;

import dev.tierbench.agent.measure.ProgressListener;
import dev.tierbench.agent.metrics.AgentMetrics;
import dev.tierbench.agent.task.ActiveTask;
import dev.tierbench.common.protocol.Addresses;
import dev.tierbench.common.protocol.Phase;
import dev.tierbench.common.protocol.Progress;
import dev.tierbench.common.protocol.Telemetry;

/**
 * Tells the coordinator and the agent's metrics how the task in hand goes: its phases, each timed query's latency,
 * the system's live figures. Called on the measuring and sampling threads, so it only sends, fire and forget.
 */
final class ProgressReporter implements ProgressListener {

  private final String agentId;
  private final ActiveTask task;
  private final CoordinatorChannel channel;
  private final AgentMetrics metrics;
  private final AgentMetrics.Meters meters;
  private final Ticker ticker;

  ProgressReporter(String agentId, ActiveTask task, CoordinatorChannel channel, AgentMetrics metrics, Ticker ticker) {
    this.agentId = agentId;
    this.task = task;
    this.channel = channel;
    this.metrics = metrics;
    this.ticker = ticker;
    var spec = task.assignment().task();
    this.meters = metrics.workload(spec.family(), spec.params().scenario().key());
  }

  @Override
  public void progress(Phase phase, long done, long total) {
    channel.send(Addresses.PROGRESS, new Progress(agentId, task.leaseId(), task.taskId(), phase, done, total));
    if (phase == Phase.MEASURING) {
      metrics.progress(done, total);
    }
  }

  @Override
  public void timed(long nanos) {
    meters.record(nanos);
  }

  @Override
  public void system(Map<String, Double> values) {
    metrics.system(values);
    channel.send(Addresses.TELEMETRY, new Telemetry(agentId, task.taskId(), ticker.wallMillis(), values));
  }
}
