package dev.tierbench.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import dev.tierbench.agent.Models;
import dev.tierbench.common.protocol.TrialParams;

/** Real TFLite through DJL's engine on the real models shipped with the project. */
class TfliteRuntimeTest {

  private static TfliteRuntime runtime;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    runtime = TfliteRuntime.start();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.get(copy);
    return copy;
  }

  @Test
  void reportsTheNativeVersionNotDjlsStaleOne() {
    assertEquals("TFLite 2.6.2", runtime.describe());
  }

  @Test
  void theSameInputGivesTheSameOutputTwiceWithTheDeclaredShape() throws Exception {
    for (Path model : List.of(Models.MOBILENET, Models.KWS)) {
      try (LoadedModel loaded = runtime.load(model, new TrialParams(1, 1, true))) {
        loaded.run();
        byte[] first = bytes(loaded.output(0));
        loaded.run();
        byte[] second = bytes(loaded.output(0));
        assertArrayEquals(first, second, model + ": the same input must give the same output");
        int[] shape = loaded.outputs().get(0).shape();
        int elements = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int elementBytes = loaded.outputs().get(0).type().equals("float32") ? 4 : 1;
        assertEquals(elements * elementBytes, first.length, model + ": output size follows the declared shape");
      }
    }
    try (LoadedModel mobilenet = runtime.load(Models.MOBILENET, new TrialParams(1, 1, true))) {
      assertArrayEquals(new int[] {1, 224, 224, 3}, mobilenet.inputs().get(0).shape());
      assertArrayEquals(new int[] {1, 1001}, mobilenet.outputs().get(0).shape());
    }
  }

  @Test
  void ourInterpreterPathAgreesWithDjlsPredictPath() throws Exception {
    try (LoadedModel loaded = runtime.load(Models.MOBILENET, new TrialParams(1, 1, false))) {
      ByteBuffer input = loaded.input(0);
      float[] pixels = new float[input.remaining() / 4];
      input.asFloatBuffer().get(pixels);
      loaded.run();
      float[] ours = new float[1001];
      loaded.output(0).asFloatBuffer().get(ours);

      Path modelDir = Files.createDirectories(dir.resolve("djl"));
      Files.copy(Models.MOBILENET, modelDir.resolve("mobilenet.tflite"));
      try (Model model = Model.newInstance("mobilenet", "TFLite")) {
        model.load(modelDir, "mobilenet");
        try (Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator());
            NDManager manager = NDManager.newBaseManager("TFLite")) {
          NDList out = predictor.predict(new NDList(manager.create(pixels, new Shape(1, 224, 224, 3))));
          float[] djl = out.singletonOrThrow().toFloatArray();
          assertEquals(DataType.FLOAT32, out.singletonOrThrow().getDataType());
          assertArrayEquals(djl, ours, 1e-6f, "the timed path computes what DJL computes");
          int argmax = 0;
          for (int i = 1; i < ours.length; i++) {
            argmax = ours[i] > ours[argmax] ? i : argmax;
          }
          assertTrue(ours[argmax] > 0, "a softmax output has a positive maximum");
        }
      }
    }
  }

  @Test
  void batchResizesTheInputsAndOutputs() throws Exception {
    try (LoadedModel loaded = runtime.load(Models.MOBILENET, new TrialParams(4, 2, true))) {
      assertArrayEquals(new int[] {4, 224, 224, 3}, loaded.inputs().get(0).shape());
      assertArrayEquals(new int[] {4, 1001}, loaded.outputs().get(0).shape());
      loaded.run();
      FloatSums sums = FloatSums.of(loaded.output(0), 4, 1001);
      for (double sum : sums.rows) {
        assertEquals(1.0, sum, 1e-3, "each row of a batched softmax sums to 1");
      }
    }
  }

  @Test
  void aCorruptModelFailsWithAClearMessage() throws Exception {
    Path garbage = dir.resolve("garbage.tflite");
    Files.writeString(garbage, "this is not a model");
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> runtime.load(garbage, new TrialParams(1, 1, true)));
    assertTrue(e.getMessage().startsWith("TFLite 2.6.2 cannot load the model:"), e.getMessage());
    assertTrue(e.getMessage().contains("not a valid Flatbuffer"), e.getMessage());
  }

  @Test
  void aTruncatedModelFailsWithAClearMessage() throws Exception {
    Path truncated = dir.resolve("truncated.tflite");
    byte[] all = Files.readAllBytes(Models.MOBILENET);
    Files.write(truncated, Arrays.copyOf(all, all.length / 3));
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> runtime.load(truncated, new TrialParams(1, 1, true)));
    assertTrue(e.getMessage().contains("cannot load the model"), e.getMessage());
  }

  /** Row sums of a [rows, columns] float32 output. */
  private record FloatSums(double[] rows) {
    static FloatSums of(ByteBuffer buffer, int rows, int columns) {
      var floats = buffer.order(ByteOrder.nativeOrder()).asFloatBuffer();
      double[] sums = new double[rows];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
          sums[r] += floats.get(r * columns + c);
        }
      }
      return new FloatSums(sums);
    }
  }
}
