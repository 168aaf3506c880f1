package dev.tierbench.coordinator;

import java.time.Clock;
import java.time.Duration;

import dev.tierbench.common.protocol.Protocol;
import dev.tierbench.coordinator.fleet.AgentRecord;
import dev.tierbench.coordinator.lease.TaskState;
import dev.tierbench.coordinator.run.RunCore;
import dev.tierbench.coordinator.run.RunProgress;
import dev.tierbench.coordinator.run.RunState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The status API's document: agents and their state, and each run in progress, per tier. */
final class StatusDocument {

  private StatusDocument() {}

  static JsonObject of(CoordinatorSettings settings, RunCore core, Clock clock) {
    JsonObject status = new JsonObject().put("coordinator", settings.coordinatorId())
        .put("protocolVersion", Protocol.VERSION);
    JsonArray agents = new JsonArray();
    for (AgentRecord agent : core.agents()) {
      agents.add(new JsonObject()
          .put("id", agent.info().agentId())
          .put("tier", agent.info().tier())
          .put("hostname", agent.info().hostname())
          .put("arch", agent.info().arch())
          .put("cores", agent.info().cores())
          .put("engines", new JsonArray(agent.info().engines().stream().map(e -> (Object) e.describe()).toList()))
          // null: the agent measured none
          .put("calibration", agent.info().calibration() == null ? null : JsonObject.mapFrom(agent.info().calibration()))
          .put("state", core.state(agent))
          .put("task", agent.taskId())
          .put("lastSeenMillisAgo", Duration.between(agent.lastSeen(), clock.instant()).toMillis())
          .put("heartbeatRoundTripMillis", agent.lastRoundTripMicros() < 0 ? null
              : agent.lastRoundTripMicros() / 1000.0)
          .put("system", new JsonObject(new java.util.TreeMap<String, Object>(agent.system()))));
    }
    status.put("agents", agents);
    JsonArray runs = new JsonArray();
    for (RunState run : core.runs()) {
      runs.add(run(core, run));
    }
    return status.put("runs", runs);
  }

  /** One run in progress: its progress in all and per tier, and the agent time it has had. */
  private static JsonObject run(RunCore core, RunState run) {
    RunProgress progress = core.runProgress(run.runId()).orElseThrow();
    JsonObject tiers = new JsonObject();
    run.counts().forEach((tier, counts) -> {
      JsonObject t = new JsonObject();
      for (TaskState state : TaskState.values()) {
        t.put(state.name().toLowerCase(java.util.Locale.ROOT), counts.getOrDefault(state, 0));
      }
      // Agents that fell silent are counted apart: a tier with only lost agents has no one to measure it.
      java.util.List<String> states = core.agents().stream().filter(a -> a.info().tier().equals(tier))
          .map(core::state).toList();
      t.put("agents", states.stream().filter(s -> !s.equals("lost")).count());
      t.put("lostAgents", states.stream().filter(s -> s.equals("lost")).count());
      tiers.put(tier, t);
    });
    return new JsonObject()
        .put("id", progress.runId())
        .put("sweep", run.plan().sweep().name())
        .put("folder", run.folder().toString())
        .put("tasks", progress.total())
        .put("done", progress.done())
        .put("failed", progress.failed())
        .put("skipped", progress.skipped())
        .put("leased", progress.leased())
        .put("queued", progress.queued())
        .put("agentSeconds", core.served(run.runId()).toMillis() / 1000.0)
        .put("lastEvent", progress.lastEvent())
        .put("tiers", tiers);
  }
}
