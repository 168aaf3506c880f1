package dev.tierbench.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tierbench.common.generate.Graph;
import dev.tierbench.common.generate.OnnxWriter;
import dev.tierbench.common.generate.ReferenceForward;
import dev.tierbench.common.protocol.TrialParams;

/**
 * Each generated family written as ONNX and run by the real ONNX Runtime answers as the reference forward pass
 * (and so as its TFLite twin) does, one sample or a batch of them.
 */
class OnnxModelsTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} at batch {1}")
  @CsvSource({"mlp, 1", "mlp, 4", "cnn, 1", "cnn, 3", "encoder, 1", "encoder, 4"})
  void onnxRuntimeAnswersAsTheReferenceDoes(String family, int batch) throws Exception {
    Graph graph = GeneratedModelsTest.family(family);
    int vocabulary = family.equals("encoder") ? 50 : 0;
    Path file = dir.resolve(family + ".onnx");
    Files.write(file, OnnxWriter.write(graph));
    OnnxRuntime runtime = OnnxRuntime.start();
    assertTrue(runtime.describe().startsWith("ONNX Runtime 1."), runtime.describe());
    List<float[]> samples = GeneratedModelsTest.samples(graph, batch, 11, vocabulary);
    double worst = 0;
    try (LoadedModel loaded = runtime.load(file, new TrialParams(batch, 1, false))) {
      assertEquals(batch, loaded.inputs().get(0).shape()[0], "the symbolic batch takes the trial's");
      ByteBuffer in = loaded.input(0);
      for (float[] x : samples) {
        for (float v : x) {
          if (vocabulary > 0) {
            in.putInt((int) v);
          } else {
            in.putFloat(v);
          }
        }
      }
      loaded.run();
      FloatBuffer out = loaded.output(0).asFloatBuffer();
      for (float[] x : samples) {
        for (float expected : ReferenceForward.run(graph, x)) {
          worst = Math.max(worst, Math.abs(expected - out.get()) / Math.max(1e-3, Math.abs(expected)));
        }
      }
    }
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
