package dev.tierbench.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;

import dev.tierbench.agent.Models;
import dev.tierbench.common.generate.Activation;
import dev.tierbench.common.generate.GraphBuilder;
import dev.tierbench.common.generate.TfliteWriter;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.OperatorTime;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;

/**
 * Real TFLite on the real models shipped with the project, on both TFLite engines: current TFLite (the JavaCPP
 * presets) and TFLite 2.6 (DJL's), which must behave alike wherever behaviour is not the version's own.
 */
class TfliteEnginesTest {

  private static TfliteRuntime current;
  private static DjlTfliteRuntime legacy;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    current = TfliteRuntime.start();
    legacy = DjlTfliteRuntime.start();
  }

  static Stream<EngineRuntime> engines() {
    return Stream.of(current, legacy);
  }

  private static TrialParams params(EngineRuntime engine, int batch, int threads, boolean xnnpack) {
    return new TrialParams(batch, threads, xnnpack, Scenario.SINGLE_STREAM, 0, "", engine.info().engine());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.get(copy);
    return copy;
  }

  @Test
  void eachEngineReportsItsNativeVersion() {
    assertEquals(Engine.TFLITE, current.info().engine());
    String[] version = current.info().version().split("\\.");
    assertTrue(Integer.parseInt(version[0]) > 2 || Integer.parseInt(version[0]) == 2
        && Integer.parseInt(version[1]) >= 18, "current TFLite is 2.18 or later: " + current.describe());
    assertEquals("TFLite " + current.info().version(), current.describe());
    // DJL's Engine.getVersion() says a stale 2.4.1; the native library knows better.
    assertEquals("TFLite 2.6.2", legacy.describe());
    assertEquals(Engine.TFLITE_2_6, legacy.info().engine());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void theSameInputGivesTheSameOutputTwiceWithTheDeclaredShape(EngineRuntime engine) throws Exception {
    for (Path model : List.of(Models.MOBILENET, Models.KWS)) {
      try (LoadedModel loaded = engine.load(model, params(engine, 1, 1, true))) {
        assertEquals(engine.describe(), loaded.engine());
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
    try (LoadedModel mobilenet = engine.load(Models.MOBILENET, params(engine, 1, 1, true))) {
      assertArrayEquals(new int[] {1, 224, 224, 3}, mobilenet.inputs().get(0).shape());
      assertArrayEquals(new int[] {1, 1001}, mobilenet.outputs().get(0).shape());
    }
    try (LoadedModel kws = engine.load(Models.KWS, params(engine, 1, 1, true))) {
      assertEquals("int8", kws.inputs().get(0).type());
      assertTrue(kws.inputs().get(0).scale() > 0, "a quantized input says how its integers map to reals");
    }
  }

  @Test
  void bothEnginesComputeTheSameAnswersOnTheSameInput() throws Exception {
    try (LoadedModel a = current.load(Models.MOBILENET, params(current, 1, 1, false));
        LoadedModel b = legacy.load(Models.MOBILENET, params(legacy, 1, 1, false))) {
      assertArrayEquals(bytes(a.input(0)), bytes(b.input(0)), "both engines time the same input data");
      a.run();
      b.run();
      float[] x = new float[1001];
      float[] y = new float[1001];
      a.output(0).asFloatBuffer().get(x);
      b.output(0).asFloatBuffer().get(y);
      assertArrayEquals(y, x, 1e-4f, "TFLite 2.20 and 2.6 agree on MobileNet's probabilities");
    }
  }

  @Test
  void theLegacyInterpreterPathAgreesWithDjlsPredictPath() throws Exception {
    try (LoadedModel loaded = legacy.load(Models.MOBILENET, params(legacy, 1, 1, false))) {
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
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void batchResizesTheInputsAndOutputs(EngineRuntime engine) throws Exception {
    try (LoadedModel loaded = engine.load(Models.MOBILENET, params(engine, 4, 2, true))) {
      assertArrayEquals(new int[] {4, 224, 224, 3}, loaded.inputs().get(0).shape());
      assertArrayEquals(new int[] {4, 1001}, loaded.outputs().get(0).shape());
      loaded.run();
      FloatSums sums = FloatSums.of(loaded.output(0), 4, 1001);
      for (double sum : sums.rows) {
        assertEquals(1.0, sum, 1e-3, "each row of a batched softmax sums to 1");
      }
    }
  }

  /** A model whose input is a rank-1 vector of 64 values (a waveform, say): reshaped to [1, 64] inside. */
  private Path rankOneModel() throws Exception {
    GraphBuilder g = new GraphBuilder("rank-1 input");
    int x = g.input("waveform", false, 64);
    x = g.reshape("rows", x, 1, 64);
    float[] weights = new float[3 * 64];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (i % 7 - 3) / 10f;
    }
    x = g.fullyConnected("dense", x, weights, new float[3], 3, Activation.NONE);
    Path file = dir.resolve("rank1.tflite");
    Files.write(file, TfliteWriter.write(g.build(g.softmax("probabilities", x))));
    return file;
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aModelWithoutABatchDimensionRunsAsItIsAtBatchOneAndIsRefusedLarger(EngineRuntime engine) throws Exception {
    Path model = rankOneModel();
    try (LoadedModel loaded = engine.load(model, params(engine, 1, 1, true))) {
      assertArrayEquals(new int[] {64}, loaded.inputs().get(0).shape(), "batch 1 keeps the model's own shape");
      loaded.run();
      assertEquals(1.0, FloatSums.of(loaded.output(0), 1, 3).rows[0], 1e-5);
    }
    ModelLoadException e = assertThrows(ModelLoadException.class, () -> engine.load(model, params(engine, 4, 1, true)));
    assertEquals(engine.describe() + ": input 'waveform' float32[64] has no batch dimension (rank 1): batch 4 cannot"
        + " be applied; measure it at batch 1", e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void aFileThatIsNotAModelFailsInOneLine(EngineRuntime engine) throws Exception {
    Path garbage = dir.resolve("garbage.tflite");
    Files.writeString(garbage, "this is not a model");
    Path truncated = dir.resolve("truncated.tflite");
    byte[] all = Files.readAllBytes(Models.MOBILENET);
    Files.write(truncated, Arrays.copyOf(all, all.length / 3));
    for (Path bad : List.of(garbage, truncated)) {
      ModelLoadException e = assertThrows(ModelLoadException.class, () -> engine.load(bad, params(engine, 1, 1, true)));
      assertTrue(e.getMessage().startsWith(engine.describe() + " cannot load the model"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void anOperatorTheEngineHasNoKernelForFailsSayingWhichInOneLine(EngineRuntime engine) throws Exception {
    ModelT model = org.tensorflow.lite.schema.Model.getRootAsModel(ByteBuffer.wrap(Files.readAllBytes(Models.KWS))).unpack();
    OperatorCodeT first = model.getOperatorCodes()[0];
    first.setVersion(99);
    Path newer = dir.resolve("newer.tflite");
    Files.write(newer, model.serializeToBinary());

    ModelLoadException e = assertThrows(ModelLoadException.class, () -> engine.load(newer, params(engine, 1, 1, true)));

    String op = BuiltinOperator.name(Math.max(first.getBuiltinCode(), first.getDeprecatedBuiltinCode()));
    assertTrue(e.getMessage().contains(op) && e.getMessage().contains("99"), "names the operator and its version: "
        + e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void theProfileSaysXnnpackRunsTheQuantizedOperatorsAndTfliteTheRest() throws Exception {
    List<OperatorTime> delegated = current.profile(Models.KWS, params(current, 1, 1, true), 20);
    assertTrue(delegated.stream().anyMatch(t -> t.executor().equals("XNNPACK") && t.operator().contains("QC8")),
        "int8 convolutions run in XNNPACK's quantized kernels: " + delegated);
    assertEquals(1, delegated.stream().filter(t -> t.operator().equals("SOFTMAX")).count(), delegated::toString);
    assertTrue(delegated.stream().mapToLong(OperatorTime::nanosPerQuery).sum() > 0);

    List<OperatorTime> alone = current.profile(Models.KWS, params(current, 1, 1, false), 20);
    assertTrue(alone.stream().allMatch(t -> t.executor().equals("TFLite kernel")), alone::toString);
    // DS-CNN: a convolution, four depthwise-separable blocks (depthwise + pointwise), pooling, a classifier.
    assertEquals(5, alone.stream().filter(t -> t.operator().equals("CONV_2D")).mapToInt(OperatorTime::count).sum());
    assertEquals(4, alone.stream().filter(t -> t.operator().equals("DEPTHWISE_CONV_2D")).findFirst().orElseThrow()
        .count());
  }

  @Test
  void tfliteTwoSixHasNoProfiler() throws Exception {
    assertEquals(List.of(), legacy.profile(Models.KWS, params(legacy, 1, 1, true), 5));
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
