package dev.tierbench.common.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The wire records refuse bad values at construction, naming the field, so nothing invalid is ever sent. */
class WireRecordValidationTest {

  private static final String SHA = ProtocolSamples.SHA;
  private static final Duration S1 = Duration.ofSeconds(1);

  private static Arguments refused(String field, Executable construction) {
    return Arguments.of(field, construction);
  }

  static Stream<Arguments> invalidRecords() {
    ModelRef model = ProtocolSamples.model();
    TrialParams params = ProtocolSamples.params();
    MeasureSettings measure = ProtocolSamples.measure();
    Measurement measurement = ProtocolSamples.measurement(ProtocolSamples.FIXED_HISTOGRAM);
    return Stream.of(
        refused("sha256", () -> new ModelRef("m", "xyz", 1)),
        refused("sha256", () -> new ModelRef("m", SHA.toUpperCase(), 1)),
        refused("sha256", () -> new ModelRef("m", SHA + "0", 1)),
        refused("sha256", () -> new ModelRef("m", null, 1)),
        refused("name", () -> new ModelRef(" ", SHA, 1)),
        refused("bytes", () -> new ModelRef("m", SHA, -1)),
        refused("batch", () -> new TrialParams(0, 1, true)),
        refused("threads", () -> new TrialParams(1, 0, true)),
        refused("warmup", () -> new MeasureSettings(-1, S1, 1, S1)),
        refused("min-queries", () -> new MeasureSettings(0, S1, 0, S1)),
        refused("minDuration", () -> new MeasureSettings(0, null, 1, S1)),
        refused("maxDuration", () -> new MeasureSettings(0, S1, 1, null)),
        refused("min-duration", () -> new MeasureSettings(0, Duration.ofSeconds(-1), 1, S1)),
        refused("max-duration", () -> new MeasureSettings(0, Duration.ofSeconds(2), 1, S1)),
        refused("max-duration", () -> new MeasureSettings(0, Duration.ZERO, 1, Duration.ZERO)),
        refused("agentId", () -> new AgentInfo("", "t", "h", "o", "a", 1, 0, "j", List.of(), Map.of())),
        refused("tier", () -> new AgentInfo("a", null, "h", "o", "a", 1, 0, "j", List.of(), Map.of())),
        refused("hostname", () -> new AgentInfo("a", "t", "", "o", "a", 1, 0, "j", List.of(), Map.of())),
        refused("cores", () -> new AgentInfo("a", "t", "h", "o", "a", 0, 0, "j", List.of(), Map.of())),
        refused("memoryBytes", () -> new AgentInfo("a", "t", "h", "o", "a", 1, -1, "j", List.of(), Map.of())),
        refused("matmulGflops", () -> new Calibration(Double.NaN, 1, 1, 1, 1)),
        refused("matmulGflopsOneThread", () -> new Calibration(1, -1, 1, 1, 1)),
        refused("depthwiseGflops", () -> new Calibration(1, 1, 0, 1, 1)),
        refused("memoryGBps", () -> new Calibration(1, 1, 1, Double.POSITIVE_INFINITY, 1)),
        refused("threads", () -> new Calibration(1, 1, 1, 1, 0)),
        refused("taskId", () -> new TaskSpec("", "r", "t", "e", 1, 1, model, params, measure)),
        refused("runId", () -> new TaskSpec("t", "", "t", "e", 1, 1, model, params, measure)),
        refused("trialId", () -> new TaskSpec("t", "r", "", "e", 1, 1, model, params, measure)),
        refused("tier", () -> new TaskSpec("t", "r", "t", "", 1, 1, model, params, measure)),
        refused("repetition", () -> new TaskSpec("t", "r", "t", "e", 0, 1, model, params, measure)),
        refused("attempt", () -> new TaskSpec("t", "r", "t", "e", 1, 0, model, params, measure)),
        refused("model", () -> new TaskSpec("t", "r", "t", "e", 1, 1, null, params, measure)),
        refused("params", () -> new TaskSpec("t", "r", "t", "e", 1, 1, model, null, measure)),
        refused("measure", () -> new TaskSpec("t", "r", "t", "e", 1, 1, model, params, null)),
        refused("runtime", () -> new Measurement("", 0, 0, 0, 0, true, 0, 0, ProtocolSamples.FIXED_HISTOGRAM, false, 0, List.of(), Double.NaN, List.of(), List.of())),
        refused("loadNanos", () -> new Measurement("r", -1, 0, 0, 0, true, 0, 0, ProtocolSamples.FIXED_HISTOGRAM, false, 0, List.of(), Double.NaN, List.of(), List.of())),
        refused("queries", () -> new Measurement("r", 0, 0, 0, 0, true, -5, 0, ProtocolSamples.FIXED_HISTOGRAM, false, 0, List.of(), Double.NaN, List.of(), List.of())),
        refused("durationNanos", () -> new Measurement("r", 0, 0, 0, 0, true, 0, -1, ProtocolSamples.FIXED_HISTOGRAM, false, 0, List.of(), Double.NaN, List.of(), List.of())),
        refused("latency", () -> new Measurement("r", 0, 0, 0, 0, true, 0, 0, null, false, 0, List.of(), Double.NaN, List.of(), List.of())),
        refused("agent", () -> new Register(1, null)),
        refused("claims", () -> new Register(1, ProtocolSamples.agent(java.util.Map.of()), null)),
        refused("taskId", () -> new Claim("", "l", false)),
        refused("leaseId", () -> new Claim("t", null, true)),
        refused("coordinatorId", () -> new Registered("", "u", S1, S1, S1)),
        refused("modelsUrl", () -> new Registered("c", " ", S1, S1, S1)),
        refused("heartbeatInterval", () -> new Registered("c", "u", null, S1, S1)),
        refused("leasePoll", () -> new Registered("c", "u", S1, S1, null)),
        refused("agentId", () -> new Heartbeat(null, null, 0, 0)),
        refused("agentId", () -> new LeaseRequest("")),
        refused("leaseId", () -> new TaskAssignment("", ProtocolSamples.task())),
        refused("task", () -> new TaskAssignment("l", null)),
        refused("phase", () -> new Progress("a", "l", "t", null, 0, 0)),
        refused("leaseId", () -> new Progress("a", null, "t", Phase.LOADING, 0, 0)),
        refused("modelSha256", () -> new TaskResult("t", "l", "a", "h", "e", "", measurement)),
        refused("measurement", () -> new TaskResult("t", "l", "a", "h", "e", SHA, null)),
        refused("reason", () -> new TaskFailure("t", "l", "a", "", true)),
        refused("reason", () -> new TaskRelease("t", "l", "a", null)),
        refused("agentId", () -> new Leave(" ", "r")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRecords")
  void badValuesAreRefusedNamingTheField(String field, Executable construction) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
    assertTrue(e.getMessage().contains(field), () -> "'" + field + "' not named in: " + e.getMessage());
  }

  @Test
  void boundaryValuesAreAcceptedAndKeptAsGiven() {
    assertEquals(1, new TrialParams(1, 1, false).batch());
    MeasureSettings smallest = new MeasureSettings(0, Duration.ZERO, 1, Duration.ofNanos(1));
    assertEquals(List.of(0, Duration.ZERO, 1L, Duration.ofNanos(1)), List.of(smallest.warmup(), smallest.minDuration(),
        smallest.minQueries(), smallest.maxDuration()));
    assertEquals(S1, new MeasureSettings(0, S1, 1, S1).maxDuration(), "max-duration may equal min-duration");
    assertEquals(0, new ModelRef("m", SHA, 0).bytes());
    AgentInfo bare = new AgentInfo("a", "t", "h", null, null, 1, 0, null, List.of(), Map.of());
    assertEquals("", bare.metricsAddress(), "no metrics address is an empty one");
    assertEquals(List.of(), bare.engines());
  }

  @Test
  void collectionsAreCopiedSoARecordCannotChangeAfterConstruction() {
    List<EngineInfo> engines = new ArrayList<>(List.of(EngineInfo.running(Engine.TFLITE, "2.20.0")));
    Map<String, String> labels = new HashMap<>(Map.of("k", "v"));
    AgentInfo agent = new AgentInfo("a", "t", "h", "o", "a", 1, 0, "j", engines, labels);
    engines.add(EngineInfo.running(Engine.ONNXRUNTIME, "1.29.0"));
    labels.put("k2", "v2");

    assertEquals(List.of(EngineInfo.running(Engine.TFLITE, "2.20.0")), agent.engines());
    assertEquals(Map.of("k", "v"), agent.labels());
    assertThrows(UnsupportedOperationException.class, () -> agent.engines().add(null));
    assertThrows(UnsupportedOperationException.class, () -> agent.labels().put("x", "y"));
  }

  @Test
  void anEncodedHistogramOwnsItsBytes() {
    byte[] bytes = {1, 2, 3};
    EncodedHistogram h = new EncodedHistogram(bytes);
    bytes[0] = 9;
    h.bytes()[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, h.bytes());
    assertEquals(new EncodedHistogram(new byte[] {1, 2, 3}), h);
    assertEquals(new EncodedHistogram(new byte[] {1, 2, 3}).hashCode(), h.hashCode());
    assertNotEquals(new EncodedHistogram(new byte[] {1, 2}), h);
    assertEquals("EncodedHistogram[3 bytes]", h.toString());
  }

  @Test
  void bytesThatAreNotAHistogramAreRefusedOnDecode() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProtocolSamples.FIXED_HISTOGRAM.decode());
    assertTrue(e.getMessage().startsWith("not an encoded latency histogram"), e.getMessage());
  }

  @Test
  void queriesPerSecondIsQueriesOverTimedDuration() {
    Measurement m = new Measurement("r", 0, 0, 0, 0, true, 500, 250_000_000, ProtocolSamples.FIXED_HISTOGRAM, false, 0, List.of(), Double.NaN, List.of(), List.of());
    assertEquals(2_000.0, m.queriesPerSecond(), 1e-9);
    Measurement none = new Measurement("r", 0, 0, 0, 0, true, 0, 0, ProtocolSamples.FIXED_HISTOGRAM, false, 0, List.of(), Double.NaN, List.of(), List.of());
    assertEquals(0.0, none.queriesPerSecond());
  }
}
