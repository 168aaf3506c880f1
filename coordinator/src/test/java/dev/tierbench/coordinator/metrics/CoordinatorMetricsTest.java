package dev.tierbench.coordinator.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.metrics.Monitoring;

/** The coordinator's gauges follow its state at each scrape; with fleet metrics, agents' figures are re-exposed. */
class CoordinatorMetricsTest {

  private static CoordinatorMetrics.Snapshot snapshot(Map<String, CoordinatorMetrics.AgentFigures> fleet) {
    return new CoordinatorMetrics.Snapshot(Map.of(List.of("edge", "idle"), 1L, List.of("iot", "lost"), 1L),
        Map.of(List.of("r1", "edge", "queued"), 3L, List.of("r1", "edge", "done"), 1L), Map.of("r1", 0.25), fleet);
  }

  @Test
  void agentsFiguresAreReExposedWithTheirLabelsAndGoWhenTheAgentDoes() {
    Monitoring monitoring = Monitoring.create();
    CoordinatorMetrics metrics = new CoordinatorMetrics(monitoring.registry(), true);
    metrics.update(snapshot(Map.of("edge-1", new CoordinatorMetrics.AgentFigures("edge",
        Map.of("temperature_celsius", 61.5, "throttled", 1.0)), "iot-1", new CoordinatorMetrics.AgentFigures("iot",
        Map.of("temperature_celsius", 48.0)))));
    String scrape = monitoring.scrape();
    assertTrue(scrape.contains("tierbench_temperature_celsius{agent=\"edge-1\",tier=\"edge\"} 61.5"), scrape);
    assertTrue(scrape.contains("tierbench_temperature_celsius{agent=\"iot-1\",tier=\"iot\"} 48.0"), scrape);
    assertTrue(scrape.contains("tierbench_throttled{agent=\"edge-1\",tier=\"edge\"} 1.0"), scrape);
    assertTrue(scrape.contains("tierbench_agents{state=\"lost\",tier=\"iot\"} 1.0"), scrape);
    assertTrue(scrape.contains("tierbench_tasks{run=\"r1\",state=\"queued\",tier=\"edge\"} 3.0"), scrape);
    assertTrue(scrape.contains("tierbench_run_progress_ratio{run=\"r1\"} 0.25"), scrape);

    metrics.update(snapshot(Map.of("iot-1", new CoordinatorMetrics.AgentFigures("iot",
        Map.of("temperature_celsius", 47.0)))));
    scrape = monitoring.scrape();
    assertFalse(scrape.contains("agent=\"edge-1\""), "a departed agent's series go: " + scrape);
    assertFalse(scrape.contains("tierbench_throttled"), scrape);
    assertTrue(scrape.contains("tierbench_temperature_celsius{agent=\"iot-1\",tier=\"iot\"} 47.0"), scrape);
    assertTrue(MetricsConventions.violations(scrape).isEmpty(), MetricsConventions.violations(scrape).toString());
  }

  @Test
  void withoutFleetMetricsNoAgentFigureIsExposed() {
    Monitoring monitoring = Monitoring.create();
    new CoordinatorMetrics(monitoring.registry(), false).update(snapshot(Map.of("edge-1",
        new CoordinatorMetrics.AgentFigures("edge", Map.of("temperature_celsius", 61.5)))));
    assertFalse(monitoring.scrape().contains("tierbench_temperature_celsius"));
  }
}
