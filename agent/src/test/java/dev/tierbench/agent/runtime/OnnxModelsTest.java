package dev.tierbench.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tierbench.common.generate.Graph;
import dev.tierbench.common.generate.OnnxWriter;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.OperatorTime;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;

/**
 * Each generated family written as ONNX and run by the real ONNX Runtime answers as the reference forward pass
 * (and so as its TFLite twin) does, one sample or a batch of them.
 */
class OnnxModelsTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} at batch {1}")
  @CsvSource({"mlp, 1", "mlp, 4", "cnn, 1", "cnn, 3", "cnn-relu6, 1", "cnn-relu6, 3", "encoder, 1", "encoder, 4"})
  void onnxRuntimeAnswersAsTheReferenceDoes(String family, int batch) throws Exception {
    Graph graph = GeneratedModelsTest.family(family);
    int vocabulary = family.equals("encoder") ? 50 : 0;
    Path file = dir.resolve(family + ".onnx");
    Files.write(file, OnnxWriter.write(graph));
    OnnxRuntime runtime = OnnxRuntime.start();
    assertTrue(runtime.describe().startsWith("ONNX Runtime 1."), runtime.describe());
    double worst = GeneratedModelsTest.batchError(runtime, file, graph, batch, vocabulary);
    assertTrue(worst < 1e-3, family + ": relative difference " + worst);
  }

  @org.junit.jupiter.api.Test
  void theProfileNamesEachOpTypeAndItsProvider() throws Exception {
    Path file = dir.resolve("cnn.onnx");
    Files.write(file, OnnxWriter.write(GeneratedModelsTest.family("cnn")));
    TrialParams params = new TrialParams(1, 1, false, Scenario.SINGLE_STREAM, 0, "", Engine.ONNXRUNTIME);
    List<OperatorTime> profile = OnnxRuntime.start().profile(file, params, 10);
    assertTrue(profile.stream().anyMatch(t -> t.operator().equals("Conv") && t.count() > 1), profile::toString);
    assertTrue(profile.stream().allMatch(t -> t.executor().equals("CPU")), profile::toString);
    assertTrue(profile.stream().allMatch(t -> t.nanosPerQuery() >= 0) && profile.get(0).nanosPerQuery() > 0);
    for (int i = 1; i < profile.size(); i++) {
      assertTrue(profile.get(i - 1).nanosPerQuery() >= profile.get(i).nanosPerQuery(), "the most time first");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"not a model"})
  void aFileThatIsNoModelIsAClearFailure(String text) throws Exception {
    Path file = dir.resolve("bad.onnx");
    Files.writeString(file, text);
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> OnnxRuntime.start().load(file, new TrialParams(1, 1, false, Scenario.SINGLE_STREAM, 0, "",
            Engine.ONNXRUNTIME)));
    assertTrue(e.getMessage().startsWith("ONNX Runtime 1."), e.getMessage());
  }
}
