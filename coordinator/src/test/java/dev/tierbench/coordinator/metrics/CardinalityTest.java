package dev.tierbench.coordinator.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.tierbench.agent.metrics.AgentMetrics;
import dev.tierbench.common.metrics.SystemMetrics;
import dev.tierbench.common.metrics.Monitoring;

/**
 * A sweep of 1,000 trials (many models, five families, three scenarios, two tiers) through the agents' and the
 * coordinator's metrics: the number of series stops growing once every family and scenario has been seen, and
 * every family follows the naming conventions.
 */
class CardinalityTest {

  private static final List<String> TIERS = List.of("edge", "iot");
  private static final List<String> SCENARIOS = List.of("single-stream", "offline", "server");

  @Test
  void seriesStayBoundedOverAThousandTrials() {
    Monitoring monitoring = Monitoring.create();
    Map<String, AgentMetrics> agents = new HashMap<>();
    for (String tier : TIERS) {
      agents.put(tier, new AgentMetrics(monitoring.registry(), tier, tier + "-1", ""));
    }
    CoordinatorMetrics coordinator = new CoordinatorMetrics(monitoring.registry(), true);
    coordinator.runStarted(TIERS);
    SplittableRandom random = new SplittableRandom(1);
    long afterFifteen = 0;
    for (int trial = 0; trial < 1_000; trial++) {
      for (String tier : TIERS) {
        AgentMetrics agent = agents.get(tier);
        agent.taskStarted();
        AgentMetrics.Meters meters = agent.workload("family-" + trial % 5, SCENARIOS.get(trial / 5 % 3));
        for (int q = 0; q < 20; q++) {
          meters.record((long) (1e6 * (1 + 50 * random.nextDouble())));
        }
        agent.progress(20, 20);
        agent.system(Map.of(SystemMetrics.CPU_PROCESS, random.nextDouble(), SystemMetrics.RSS, 2e8, SystemMetrics.TEMPERATURE, 50.0,
            SystemMetrics.ENERGY, (double) trial));
        agent.taskEnded(trial % 97 == 0 ? "failed" : "done");
        coordinator.resultReceived(tier);
      }
      coordinator.update(snapshot("sweep-1000", trial, 1_000));
      if (trial == 14) {
        afterFifteen = MetricsConventions.tierbenchSeries(monitoring.scrape());
      }
    }
    String scrape = monitoring.scrape();
    long series = MetricsConventions.tierbenchSeries(scrape);
    System.out.printf("tierbench series after 15 trials: %d, after 1,000: %d; by family: %s%n", afterFifteen, series,
        MetricsConventions.parse(scrape).values().stream().filter(f -> f.name().startsWith("tierbench_"))
            .map(f -> f.name() + "=" + f.series().size()).toList());
    assertEquals(afterFifteen, series, "every family and scenario was seen by trial 15: nothing may grow after");
    assertEquals(List.of(), MetricsConventions.violations(scrape));
    assertFalse(scrape.contains("trial"), "no series names or labels a trial");

    coordinator.update(new CoordinatorMetrics.Snapshot(Map.of(), Map.of(), Map.of(), Map.of()));
    String after = monitoring.scrape();
    assertFalse(after.contains("tierbench_tasks{"), "a finished run's task series go away");
    assertTrue(after.contains("tierbench_run_active 0.0"), after);
  }

  private static CoordinatorMetrics.Snapshot snapshot(String run, int done, int total) {
    Map<List<String>, Long> tasks = new HashMap<>();
    Map<String, CoordinatorMetrics.AgentFigures> fleet = new HashMap<>();
    for (String tier : TIERS) {
      tasks.put(List.of(run, tier, "done"), (long) done);
      tasks.put(List.of(run, tier, "queued"), (long) (total - done - 1));
      tasks.put(List.of(run, tier, "leased"), 1L);
      tasks.put(List.of(run, tier, "failed"), 0L);
      fleet.put(tier + "-1", new CoordinatorMetrics.AgentFigures(tier, Map.of(SystemMetrics.TEMPERATURE, 50.0)));
    }
    return new CoordinatorMetrics.Snapshot(Map.of(List.of("edge", "busy"), 1L, List.of("iot", "busy"), 1L), tasks,
        Map.of(run, done / (double) total), fleet);
  }
}
