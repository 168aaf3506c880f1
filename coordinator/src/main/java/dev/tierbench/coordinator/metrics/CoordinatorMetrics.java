package dev.tierbench.coordinator.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * The coordinator's own Prometheus metrics: agents by tier and state, the tasks of each run in progress by tier and
 * state and each run's progress (gauges set from a {@link Snapshot} just before each scrape, so they are never stale), and
 * counters of what happened to leases and results. With fleet metrics on, it also re-exposes each agent's
 * latest system figures with {@code tier} and {@code agent} labels, for agents Prometheus cannot reach.
 */
public final class CoordinatorMetrics {

  /**
   * The state the gauges show: agents keyed by (tier, state), tasks by (run, tier, state), progress by run; no
   * run, no tasks.
   */
  public record Snapshot(Map<List<String>, Long> agents, Map<List<String>, Long> tasks, Map<String, Double> progress,
      Map<String, AgentFigures> fleet) {}

  /** One agent's latest system figures, for re-exposure. */
  public record AgentFigures(String tier, Map<String, Double> values) {}

  private static final String EXPIRED = "tierbench.leases.expired";
  private static final String REQUEUED = "tierbench.tasks.requeued";
  private static final String FAILURES = "tierbench.task.failures";
  private static final String RESULTS = "tierbench.results.received";
  private static final Map<String, String> DESCRIPTIONS = Map.of(
      EXPIRED, "leases not renewed in time (agent killed, hung or cut off)",
      REQUEUED, "tasks put back in their queue for another attempt",
      FAILURES, "tasks that failed for good",
      RESULTS, "results stored");

  private final MeterRegistry registry;
  private final boolean fleetMetrics;
  private final MultiGauge agents;
  private final MultiGauge tasks;
  private final MultiGauge progress;
  private final MultiGauge active;
  private final Map<String, MultiGauge> fleet = new HashMap<>();

  public CoordinatorMetrics(MeterRegistry registry, boolean fleetMetrics) {
    this.registry = registry;
    this.fleetMetrics = fleetMetrics;
    agents = MultiGauge.builder("tierbench.agents").description("registered agents by tier and state (idle, busy,"
        + " lost)").register(registry);
    tasks = MultiGauge.builder("tierbench.tasks").description("tasks of each run in progress by tier and state"
        + " (queued, leased, done, failed)").register(registry);
    progress = MultiGauge.builder("tierbench.run.progress").baseUnit("ratio")
        .description("share of each run in progress that is done or failed").register(registry);
    active = MultiGauge.builder("tierbench.run.active").description("runs in progress").register(registry);
  }

  /** Sets every gauge from {@code snapshot}; series of tiers, runs and agents that are gone disappear. */
  public void update(Snapshot snapshot) {
    agents.register(rows(snapshot.agents(), "tier", "state"), true);
    List<MultiGauge.Row<?>> taskRows = new ArrayList<>();
    snapshot.tasks().forEach((key, count) -> taskRows.add(MultiGauge.Row.of(Tags.of("run", key.get(0), "tier",
        key.get(1), "state", key.get(2)), count)));
    tasks.register(taskRows, true);
    List<MultiGauge.Row<?>> progressRows = new ArrayList<>();
    snapshot.progress().forEach((run, share) -> progressRows.add(MultiGauge.Row.of(Tags.of("run", run), share)));
    progress.register(progressRows, true);
    active.register(List.of(MultiGauge.Row.of(Tags.empty(), snapshot.progress().size())), true);
    if (fleetMetrics) {
      updateFleet(snapshot.fleet());
    }
  }

  private void updateFleet(Map<String, AgentFigures> figures) {
    Map<String, List<MultiGauge.Row<?>>> byMetric = new HashMap<>();
    figures.forEach((agent, f) -> f.values().forEach((name, value) -> byMetric.computeIfAbsent(name,
        n -> new ArrayList<>()).add(MultiGauge.Row.of(Tags.of("tier", f.tier(), "agent", agent), value))));
    for (String name : Set.copyOf(fleet.keySet())) {
      if (!byMetric.containsKey(name)) {
        fleet.get(name).register(List.of(), true);
      }
    }
    byMetric.forEach((name, rows) -> fleet.computeIfAbsent(name, n -> MultiGauge.builder("tierbench." + n)
        .description("an agent's latest " + n.replace('_', ' ') + ", re-exposed by the coordinator")
        .register(registry)).register(rows, true));
  }

  private static List<MultiGauge.Row<?>> rows(Map<List<String>, Long> counts, String first, String second) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    counts.forEach((key, count) -> rows.add(MultiGauge.Row.of(Tags.of(first, key.get(0), second, key.get(1)), count)));
    return rows;
  }

  /**
   * Makes the counters of a run's tiers exist at 0, so that rate() and increase() see the first event (a
   * counter that first appears at 1 has no increase) and panels show 0 rather than nothing.
   */
  public void runStarted(List<String> tiers) {
    for (String tier : tiers) {
      for (String name : List.of(EXPIRED, REQUEUED, FAILURES, RESULTS)) {
        Counter.builder(name).tag("tier", tier).description(DESCRIPTIONS.get(name)).register(registry);
      }
    }
  }

  public void leaseExpired(String tier) {
    counter(EXPIRED, tier);
  }

  public void requeued(String tier) {
    counter(REQUEUED, tier);
  }

  public void taskFailed(String tier) {
    counter(FAILURES, tier);
  }

  public void resultReceived(String tier) {
    counter(RESULTS, tier);
  }

  private void counter(String name, String tier) {
    Counter.builder(name).tag("tier", tier).description(DESCRIPTIONS.get(name)).register(registry).increment();
  }
}
