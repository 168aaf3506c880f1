package dev.tierbench.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tierbench.common.generate.Graph;
import dev.tierbench.common.generate.OnnxWriter;
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

  @ParameterizedTest(name = "{0}")
  @CsvSource({"not a model"})
  void aFileThatIsNoModelIsAClearFailure(String text) throws Exception {
    Path file = dir.resolve("bad.onnx");
    Files.writeString(file, text);
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> OnnxRuntime.start().load(file, new TrialParams(1, 1, false)));
    assertTrue(e.getMessage().startsWith("ONNX Runtime 1."), e.getMessage());
  }
}
