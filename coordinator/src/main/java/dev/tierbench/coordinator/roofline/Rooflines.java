package dev.tierbench.coordinator.roofline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tierbench.common.protocol.Calibration;
import dev.tierbench.coordinator.analysis.LatencyDistribution;
import dev.tierbench.coordinator.analysis.MergedLatencies;
import dev.tierbench.coordinator.analysis.Repetition;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.Variants;
import dev.tierbench.coordinator.store.ModelCosts;
import dev.tierbench.coordinator.store.StoredAgent;
import dev.tierbench.coordinator.store.StoredRun;

/**
 * A run's rooflines: each calibrated agent with every variant it measured placed under its roofline, so that a user
 * sees whether a model is compute- or memory-bound on each tier. Agents that sent no calibration are left out, and
 * {@code notes} say so.
 */
public record Rooflines(List<AgentRoofline> agents, List<String> notes) {

  /**
   * How a point is placed. Bytes per query count what a query must move at least: the weights once (a batch shares
   * them) and each sample's peak activations; caches and buffer reuse are left out, as they are for the FLOPs.
   */
  public static final String CONVENTION = "intensity: FLOPs per query (batch × the model's FLOPs) over bytes per"
      + " query (the model's weight bytes + batch × its peak activation bytes, from inspecting the model); achieved:"
      + " FLOPs per query over the median latency on this agent; roof: min(calibrated peak, bandwidth × intensity);"
      + " single-stream and offline trials only (a server query's latency includes its queueing)";

  public Rooflines {
    agents = List.copyOf(agents);
    notes = List.copyOf(notes);
  }

  public static Rooflines of(StoredRun run, List<Variant> variants) {
    Map<String, String> agentOfTask = new HashMap<>();
    run.results().forEach(r -> agentOfTask.put(r.taskId(), r.receipt().agentId()));
    Map<String, ModelCosts> costs = new HashMap<>();
    run.trials().forEach(t -> costs.put(t.trialId(), t.costs()));
    List<String> labelAxes = Variants.varyingAxes(variants);
    List<AgentRoofline> agents = new ArrayList<>();
    List<String> uncalibrated = new ArrayList<>();
    for (StoredAgent agent : run.agents()) {
      Calibration calibration = agent.calibration();
      if (calibration == null) {
        uncalibrated.add(agent.agentId() + " (" + agent.tier() + ")");
        continue;
      }
      Roofline roofline = Roofline.of(calibration);
      List<RooflinePoint> points = new ArrayList<>();
      for (Variant v : variants) {
        List<LatencyDistribution> own = v.repetitions().stream()
            .filter(r -> agent.agentId().equals(agentOfTask.get(r.taskId()))).map(Repetition::latency).toList();
        ModelCosts m = costs.get(v.trialId());
        if (own.isEmpty() || !v.closedLoop() || m == null || m.flops() <= 0 || m.weightBytes() < 0
            || m.peakActivationBytes() < 0) {
          continue;
        }
        double seconds = new MergedLatencies(own).summary().p50() / 1e9;
        double bytes = m.weightBytes() + (double) v.batch() * m.peakActivationBytes();
        if (seconds > 0 && bytes > 0) {
          points.add(roofline.place(v.id(), v.describe(labelAxes), (double) v.batch() * m.flops(), bytes, seconds));
        }
      }
      agents.add(new AgentRoofline(agent.tier(), agent.agentId(), agent.hostname(), agent.cores(),
          calibration.matmulGflops(), calibration.matmulGflopsOneThread(), calibration.depthwiseGflops(),
          calibration.memoryGBps(), roofline.ridge(), points));
    }
    List<String> notes = uncalibrated.isEmpty() ? List.of() : List.of((agents.isEmpty() ? "no agent" : "not every agent")
        + " sent a calibration (started with --calibrate false, without TFLite, or before calibration existed): "
        + String.join(", ", uncalibrated) + " left out of the roofline");
    return new Rooflines(agents, notes);
  }
}
