package dev.tierbench.agent;

import dev.tierbench.agent.cache.DownloadCache;
import dev.tierbench.agent.host.HostInfo;
import dev.tierbench.agent.measure.DeviceLock;
import dev.tierbench.agent.measure.Measurer;
import dev.tierbench.agent.metrics.AgentMetrics;
import dev.tierbench.agent.runtime.Engines;
import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.agent.task.TaskPipeline;
import dev.tierbench.common.protocol.AgentInfo;

/**
 * What one agent is made of, whichever cluster connection it serves: who it is, the pipeline that measures its
 * tasks, its metrics, and the outbox its connections share.
 *
 * @param engines the engines as the log names them
 */
record AgentParts(AgentSettings settings, AgentInfo info, TaskPipeline pipeline, AgentMetrics metrics, Outbox outbox,
    String engines) {

  /** The real parts: a download cache in the settings' cache folder, the host's device lock, a measurer. */
  static AgentParts build(AgentSettings settings, Engines runtime, SystemMonitor monitor, Outbox outbox,
      AgentMetrics metrics) {
    AgentInfo info = HostInfo.describe(settings.agentId(), settings.tier(), runtime.infos(), settings.labels(),
        metrics.address(), settings.calibration());
    DownloadCache cache = new DownloadCache(settings.cacheDir(), settings.trust());
    metrics.modelCache(cache.models());
    TaskPipeline pipeline = new TaskPipeline(info, cache, new DeviceLock(settings.deviceLock()),
        new Measurer(runtime, monitor), runtime);
    return new AgentParts(settings, info, pipeline, metrics, outbox, runtime.describe());
  }
}
