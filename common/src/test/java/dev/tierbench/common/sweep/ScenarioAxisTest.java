package dev.tierbench.common.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.yaml.YamlException;

/** The scenario and rate axes, and the measurement settings that go with them. */
class ScenarioAxisTest {

  private static final Path FILE = Path.of("s.yaml");

  @Test
  void theRateAxisAppliesToTheServerScenarioOnly() {
    Sweep sweep = SweepParser.parse("""
        name: s
        models: [m.tflite]
        axes:
          scenario: [single-stream, server]
          rate: [50, 100]
        measurement: {latency-bound: 20ms, seed: 9, max-warmup: 2s, stability-windows: 4, stability-tolerance: 0.1}
        """, FILE);
    List<TrialParams> points = sweep.axes().points();
    Set<TrialParams> distinct = points.stream().collect(Collectors.toSet());
    // single-stream once (its rate is dropped), server at each rate.
    assertEquals(Set.of(new TrialParams(1, 1, true, Scenario.SINGLE_STREAM, 0),
        new TrialParams(1, 1, true, Scenario.SERVER, 50), new TrialParams(1, 1, true, Scenario.SERVER, 100)),
        distinct);
    assertEquals(Duration.ofMillis(20), sweep.measure().latencyBound());
    assertEquals(9, sweep.measure().seed());
    assertEquals(Duration.ofSeconds(2), sweep.measure().maxWarmup());
    assertEquals(4, sweep.measure().stabilityWindows());
    assertEquals(0.1, sweep.measure().stabilityTolerance());
  }

  @Test
  void theServerScenarioNeedsARateAndBadValuesAreLocated() {
    YamlException e = assertThrows(YamlException.class, () -> SweepParser.parse("""
        name: s
        models: [m.tflite]
        axes:
          scenario: [server, streaming]
        measurement: {stability-tolerance: 2, latency-bound: -1s}
        """, FILE));
    String message = e.getMessage();
    assertTrue(message.contains("s.yaml:4:22: axis 'scenario' value must be one of single-stream, offline, server,"
        + " got 'streaming'"), message);
    assertTrue(message.contains("s.yaml:5:36: stability-tolerance (a fraction) must be between"), message);
    assertTrue(message.contains("latency-bound"), message);
    assertTrue(message.contains("s.yaml:4:3: the server scenario needs a 'rate' axis"), message);
  }

  @Test
  void aNegativeOrZeroRateIsRefused() {
    YamlException e = assertThrows(YamlException.class, () -> SweepParser.parse(
        "name: s\nmodels: [m.tflite]\naxes:\n  scenario: server\n  rate: [-5, 0]\n", FILE));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("axis 'rate' value (queries/s) must be between"), e.getMessage());
  }

  @Test
  void theCpusAxisTakesTasksetLists() {
    Sweep sweep = SweepParser.parse("name: s\nmodels: [m.tflite]\naxes:\n  cpus: [0, \"0-1\", \"0,2\"]\n", FILE);
    assertEquals(List.of("0", "0-1", "0,2"), sweep.axes().points().stream().map(TrialParams::cpus).toList());
    YamlException e = assertThrows(YamlException.class, () -> SweepParser.parse(
        "name: s\nmodels: [m.tflite]\naxes:\n  cpus: [first]\n", FILE));
    assertTrue(e.getMessage().contains("s.yaml:4:10: axis 'cpus' value must be a CPU list"), e.getMessage());
  }
}
