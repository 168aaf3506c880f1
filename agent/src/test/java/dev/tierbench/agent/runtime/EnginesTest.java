package dev.tierbench.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.agent.Models;
import dev.tierbench.common.generate.OnnxWriter;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.EngineInfo;
import dev.tierbench.common.protocol.GraphOptimization;
import dev.tierbench.common.protocol.Provider;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;

class EnginesTest {

  @TempDir
  Path dir;

  private static TrialParams on(Engine engine) {
    return new TrialParams(1, 1, engine.tflite(), Scenario.SINGLE_STREAM, 0, "", engine);
  }

  @Test
  void anAgentStartsEveryEngineAndReportsEachWithItsVersion() {
    Engines engines = Engines.start(null, dir);
    List<EngineInfo> infos = engines.infos();
    assertEquals(List.of(Engine.TFLITE, Engine.ONNXRUNTIME, Engine.TFLITE_2_6),
        infos.stream().map(EngineInfo::engine).toList());
    assertTrue(infos.stream().allMatch(EngineInfo::available), "this machine (linux-x86_64) runs all three: " + infos);
    assertEquals(List.of(), engines.missing());
    assertEquals(List.of(Provider.CPU), infos.get(1).providers(), "the CPU build of ONNX Runtime has no CUDA");
    assertTrue(engines.describe().matches("TFLite 2\\.\\d+\\.\\d+, ONNX Runtime 1\\.\\d+\\.\\d+, TFLite 2\\.6\\.2"),
        engines.describe());
  }

  @Test
  void eachTrialGoesToItsEngine() throws Exception {
    Engines engines = Engines.of(TfliteRuntime.start(), DjlTfliteRuntime.start());
    try (LoadedModel current = engines.load(Models.KWS, on(Engine.TFLITE));
        LoadedModel legacy = engines.load(Models.KWS, on(Engine.TFLITE_2_6))) {
      assertTrue(current.engine().startsWith("TFLite 2.") && !current.engine().equals("TFLite 2.6.2"));
      assertEquals("TFLite 2.6.2", legacy.engine());
    }
    EngineUnavailableException none = assertThrows(EngineUnavailableException.class,
        () -> engines.load(Models.KWS, on(Engine.ONNXRUNTIME)));
    assertEquals("engine onnxruntime is not started on this agent", none.getMessage());
  }

  @Test
  void aModelOfAnotherFormatThanTheEngineRunsIsRefusedInOneLine() throws Exception {
    Path onnx = dir.resolve("mlp.onnx");
    Files.write(onnx, OnnxWriter.write(GeneratedModelsTest.family("mlp")));
    Engines engines = Engines.of(TfliteRuntime.start(), OnnxRuntime.start());
    ModelLoadException tflite = assertThrows(ModelLoadException.class, () -> engines.load(onnx, on(Engine.TFLITE)));
    assertEquals("the model is an ONNX file: engine tflite runs TFLite files", tflite.getMessage());
    ModelLoadException ort = assertThrows(ModelLoadException.class,
        () -> engines.load(Models.KWS, on(Engine.ONNXRUNTIME)));
    assertEquals("the model is a TFLite file: engine onnxruntime runs ONNX files", ort.getMessage());
  }

  @Test
  void anEngineThatCouldNotStartFailsItsTasksWithItsReason() {
    MissingRuntime missing = new MissingRuntime(EngineInfo.missing(Engine.TFLITE_2_6, "no library for linux-riscv64"));
    Engines engines = Engines.of(missing);
    assertEquals(List.of("no library for linux-riscv64"), engines.missing());
    EngineUnavailableException e = assertThrows(EngineUnavailableException.class,
        () -> engines.load(Models.KWS, on(Engine.TFLITE_2_6)));
    assertEquals("no library for linux-riscv64", e.getMessage());
  }

  @Test
  void theCudaProviderOnACpuBuildFailsSayingWhatGpuTiersNeed() throws Exception {
    Path onnx = dir.resolve("mlp.onnx");
    Files.write(onnx, OnnxWriter.write(GeneratedModelsTest.family("mlp")));
    TrialParams cuda = new TrialParams(1, 1, false, Scenario.SINGLE_STREAM, 0, "", Engine.ONNXRUNTIME,
        GraphOptimization.ALL, Provider.CUDA);
    EngineUnavailableException e = assertThrows(EngineUnavailableException.class,
        () -> OnnxRuntime.start().load(onnx, cuda));
    assertTrue(e.getMessage().matches("provider cuda: this agent's ONNX Runtime 1\\.\\d+\\.\\d+ is the CPU build: GPU"
        + " tiers run the CUDA agent \\(mvn -Pcuda package builds it with onnxruntime_gpu\\)"), e.getMessage());
  }

  @Test
  void everyGraphOptimizationLevelRunsTheModel() throws Exception {
    Path onnx = dir.resolve("cnn.onnx");
    Files.write(onnx, OnnxWriter.write(GeneratedModelsTest.family("cnn")));
    OnnxRuntime ort = OnnxRuntime.start();
    float[] reference = null;
    for (GraphOptimization level : GraphOptimization.values()) {
      TrialParams params = new TrialParams(1, 1, false, Scenario.SINGLE_STREAM, 0, "", Engine.ONNXRUNTIME, level,
          Provider.CPU);
      try (LoadedModel loaded = ort.load(onnx, params)) {
        loaded.run();
        float[] out = new float[(int) loaded.outputs().get(0).elements()];
        loaded.output(0).asFloatBuffer().get(out);
        if (reference == null) {
          reference = out;
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(reference, out, 1e-4f, level.key());
      }
    }
  }
}
