package dev.tierbench.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AgentInfoTest {

  private static final AgentInfo PI = new AgentInfo("pi-1", "edge", "pi", "Linux", "aarch64", 4, 1L << 30, "17",
      List.of(EngineInfo.running(Engine.TFLITE, "2.20.0"), EngineInfo.running(Engine.ONNXRUNTIME, "1.29.0"),
          EngineInfo.missing(Engine.TFLITE_2_6, "no library for linux-aarch64")), Map.of());

  private static TrialParams on(Engine engine, Provider provider) {
    return new TrialParams(1, 1, false, Scenario.SINGLE_STREAM, 0, "", engine, GraphOptimization.ALL, provider);
  }

  @Test
  void anAgentRunsTheTrialsOfItsRunningEnginesWithTheirProviders() {
    assertTrue(PI.runs(on(Engine.TFLITE, Provider.CPU)));
    assertTrue(PI.runs(on(Engine.ONNXRUNTIME, Provider.CPU)));
    assertFalse(PI.runs(on(Engine.ONNXRUNTIME, Provider.CUDA)), "its ONNX Runtime has no CUDA");
    assertFalse(PI.runs(on(Engine.TFLITE_2_6, Provider.CPU)), "tflite-2.6 did not start");
  }

  @Test
  void enginesAreDescribedWithTheirVersionsOrAsUnavailable() {
    assertEquals("TFLite 2.20.0, ONNX Runtime 1.29.0, tflite-2.6 unavailable", PI.describeEngines());
  }

  @Test
  void anEngineHasAVersionOrAProblemNeverBoth() {
    assertThrows(IllegalArgumentException.class, () -> new EngineInfo(Engine.TFLITE, "2.20.0", List.of(), "broken"));
    assertThrows(IllegalArgumentException.class, () -> new EngineInfo(Engine.TFLITE, "", List.of(), ""));
    assertFalse(EngineInfo.missing(Engine.TFLITE, "x").runs(Provider.CPU));
  }
}
