package dev.tierbench.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tierbench.common.generate.Activation;
import dev.tierbench.common.generate.CnnFamily;
import dev.tierbench.common.generate.CnnSpec;
import dev.tierbench.common.generate.EncoderFamily;
import dev.tierbench.common.generate.EncoderSpec;
import dev.tierbench.common.generate.Graph;
import dev.tierbench.common.generate.Int8Quantizer;
import dev.tierbench.common.generate.MlpFamily;
import dev.tierbench.common.generate.MlpSpec;
import dev.tierbench.common.generate.ReferenceForward;
import dev.tierbench.common.generate.SeededWeights;
import dev.tierbench.common.generate.TfliteWriter;
import dev.tierbench.common.model.ModelInspector;
import dev.tierbench.common.model.ModelSummary;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;

/**
 * Generated models run in TFLite (current, and 2.6 where both are asked) and compute what an independent Java
 * forward pass computes.
 */
class GeneratedModelsTest {

  private static final double RELATIVE_TOLERANCE = 1e-4;

  private static TfliteRuntime runtime;
  private static DjlTfliteRuntime legacy;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    runtime = TfliteRuntime.start();
    legacy = DjlTfliteRuntime.start();
  }

  static float[] runAndCompare(Graph graph, Path file, boolean xnnpack) throws Exception {
    int inputs = graph.tensor(graph.input()).elements();
    float[] input = new float[inputs];
    Random random = new Random(42);
    for (int i = 0; i < inputs; i++) {
      input[i] = (float) random.nextGaussian();
    }
    return runAndCompare(graph, file, xnnpack, input);
  }

  /**
   * Runs {@code graph} through both TFLite engines on {@code input} (token ids for an int32 input), checks each
   * output against the reference forward pass and returns current TFLite's.
   */
  static float[] runAndCompare(Graph graph, Path file, boolean xnnpack, float[] input) throws Exception {
    Files.write(file, TfliteWriter.write(graph));
    compare(legacy, graph, file, xnnpack, input);
    return compare(runtime, graph, file, xnnpack, input);
  }

  private static float[] compare(EngineRuntime engine, Graph graph, Path file, boolean xnnpack, float[] input)
      throws Exception {
    float[] expected = ReferenceForward.run(graph, input);
    try (LoadedModel loaded = engine.load(file, new TrialParams(1, 1, xnnpack, Scenario.SINGLE_STREAM, 0, "",
        engine.info().engine()))) {
      ByteBuffer in = loaded.input(0);
      if (graph.tensor(graph.input()).integer()) {
        for (float id : input) {
          in.putInt((int) id);
        }
      } else {
        in.asFloatBuffer().put(input);
      }
      loaded.run();
      float[] actual = new float[expected.length];
      loaded.output(0).asFloatBuffer().get(actual);
      double scale = 0;
      double error = 0;
      for (int i = 0; i < expected.length; i++) {
        scale = Math.max(scale, Math.abs(expected[i]));
        error = Math.max(error, Math.abs(expected[i] - actual[i]));
      }
      assertTrue(error <= RELATIVE_TOLERANCE * Math.max(scale, 1e-6), engine.describe() + ": max difference " + error
          + " against a scale of " + scale + " (xnnpack " + xnnpack + ")");
      return actual;
    }
  }

  @ParameterizedTest(name = "mlp depth {0} width {1} {2} classify {3}")
  @CsvSource({"1, 8, RELU, true", "3, 64, RELU, true", "2, 32, GELU, false", "4, 16, SWISH, true",
      "2, 128, RELU6, false", "1, 1, NONE, false"})
  void mlpMatchesTheReferenceAndItsArchitecture(int depth, int width, Activation activation, boolean classify)
      throws Exception {
    MlpSpec spec = new MlpSpec(13, 3, depth, width, activation, classify, 7);
    Graph graph = MlpFamily.build(spec, new SeededWeights(spec.seed(), true));
    runAndCompare(graph, dir.resolve("mlp.tflite"), false);
    runAndCompare(graph, dir.resolve("mlp-xnnpack.tflite"), true);

    ModelSummary summary = ModelInspector.inspect("mlp", TfliteWriter.write(graph));
    assertEquals(spec.macs(), summary.macs(), "inspect counts the architecture's MACs");
    // GELU's tanh approximation stores its four constants in the model once; inspect counts stored constants.
    assertEquals(spec.parameters() + (activation == Activation.GELU ? 4 : 0), summary.parameters());
    assertTrue(summary.unknownOps().isEmpty());
    assertArrayEquals(TfliteWriter.write(graph), TfliteWriter.write(MlpFamily.build(spec,
        new SeededWeights(spec.seed(), true))), "the same spec and seed give the same bytes");
  }

  @ParameterizedTest(name = "cnn depth {0} width {1} resolution {2} se {3} {4}")
  @CsvSource({"0.3, 0.25, 32, true, SWISH", "0.3, 0.25, 48, false, SWISH", "0.5, 0.5, 32, true, SWISH",
      "0.3, 0.25, 32, true, RELU6", "0.5, 0.5, 48, false, RELU6"})
  void cnnMatchesTheReferenceAndItsArchitecture(double depth, double width, int resolution, boolean se,
      Activation activation) throws Exception {
    CnnSpec spec = new CnnSpec(depth, width, resolution, 3, 10, se, activation, 11);
    Graph graph = CnnFamily.build(spec, new SeededWeights(spec.seed(), true));
    runAndCompare(graph, dir.resolve("cnn.tflite"), false);
    runAndCompare(graph, dir.resolve("cnn-xnnpack.tflite"), true);
    ModelSummary summary = ModelInspector.inspect("cnn", TfliteWriter.write(graph));
    assertEquals(spec.macs(), summary.macs(), "inspect counts the architecture's MACs");
    assertTrue(summary.unknownOps().isEmpty(), summary.unknownOps().toString());
  }

  @ParameterizedTest(name = "encoder layers {0} hidden {1} heads {2} sequence {3} {4}")
  @CsvSource({"1, 16, 2, 8, GELU", "2, 32, 4, 16, RELU", "2, 24, 3, 5, GELU"})
  void encoderMatchesTheReferenceAndItsArchitecture(int layers, int hidden, int heads, int sequence,
      Activation activation) throws Exception {
    EncoderSpec spec = new EncoderSpec(50, sequence, layers, hidden, heads, 4 * hidden, 3, activation, 13);
    Graph graph = EncoderFamily.build(spec, new SeededWeights(spec.seed(), false));
    float[] tokens = new float[sequence];
    Random random = new Random(3);
    for (int i = 0; i < sequence; i++) {
      tokens[i] = random.nextInt(spec.vocabulary());
    }
    float[] probabilities = runAndCompare(graph, dir.resolve("encoder.tflite"), false, tokens);
    runAndCompare(graph, dir.resolve("encoder-xnnpack.tflite"), true, tokens);
    double sum = 0;
    for (float p : probabilities) {
      sum += p;
    }
    assertEquals(1.0, sum, 1e-5);
    ModelSummary summary = ModelInspector.inspect("encoder", TfliteWriter.write(graph));
    assertEquals(spec.macs(), summary.macs(), "inspect counts the architecture's MACs");
    assertTrue(summary.unknownOps().isEmpty(), summary.unknownOps().toString());
  }

  /** Calibration or test inputs like the ones the float tests use: Gaussian features, or uniform token ids. */
  static List<float[]> samples(Graph graph, int count, long seed, int vocabulary) {
    Random random = new Random(seed);
    int size = graph.tensor(graph.input()).elements();
    List<float[]> samples = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      float[] x = new float[size];
      for (int i = 0; i < size; i++) {
        x[i] = vocabulary > 0 ? random.nextInt(vocabulary) : (float) random.nextGaussian();
      }
      samples.add(x);
    }
    return samples;
  }

  /** A small network of each family; {@code cnn-relu6} is the integer-friendly cnn (EfficientNet-Lite style). */
  static Graph family(String family) {
    switch (family) {
      case "mlp":
        return MlpFamily.build(new MlpSpec(13, 4, 3, 64, Activation.RELU, true, 3), new SeededWeights(3, true));
      case "cnn":
        return CnnFamily.build(new CnnSpec(0.3, 0.25, 32, 3, 4, true, Activation.SWISH, 3),
            new SeededWeights(3, true));
      case "cnn-relu6":
        return CnnFamily.build(new CnnSpec(0.3, 0.25, 32, 3, 4, true, Activation.RELU6, 3),
            new SeededWeights(3, true));
      default:
        return EncoderFamily.build(new EncoderSpec(50, 8, 2, 32, 4, 64, 4, Activation.GELU, 3),
            new SeededWeights(3, false));
    }
  }

  @ParameterizedTest(name = "batch 4 {0}")
  @CsvSource({"mlp", "cnn", "encoder"})
  void everyFamilyRunsResizedToABatchAndAnswersEachSampleAsAlone(String family) throws Exception {
    Graph graph = family(family);
    int vocabulary = family.equals("encoder") ? 50 : 0;
    Path file = dir.resolve(family + ".tflite");
    Files.write(file, TfliteWriter.write(graph));
    double worst = batchError(runtime, file, graph, 4, vocabulary);
    assertTrue(worst < RELATIVE_TOLERANCE, family + ": a sample's answer does not depend on its batch: " + worst);
  }

  /**
   * {@code batch} samples through the model file in one query (the engine resized to that batch): the largest
   * difference from the reference forward pass, relative to the value (or to 0.001 near zero).
   */
  static double batchError(EngineRuntime engine, Path file, Graph graph, int batch, int vocabulary)
      throws Exception {
    List<float[]> samples = samples(graph, batch, 5, vocabulary);
    double worst = 0;
    try (LoadedModel loaded = engine.load(file, new TrialParams(batch, 1, true, Scenario.SINGLE_STREAM, 0, "",
        engine.info().engine()))) {
      assertEquals(batch, loaded.inputs().get(0).shape()[0], "the model takes the trial's batch");
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
      java.nio.FloatBuffer out = loaded.output(0).asFloatBuffer();
      for (float[] x : samples) {
        for (float expected : ReferenceForward.run(graph, x)) {
          worst = Math.max(worst, Math.abs(expected - out.get()) / Math.max(1e-3, Math.abs(expected)));
        }
      }
    }
    return worst;
  }

  @ParameterizedTest(name = "int8 {0}")
  @CsvSource({"mlp", "cnn", "cnn-relu6", "encoder"})
  void int8VariantsRunInTfliteAndApproximateTheFloatModel(String family) throws Exception {
    Graph graph = family(family);
    int vocabulary = family.equals("encoder") ? 50 : 0;
    Int8Quantizer.Int8Model int8 = Int8Quantizer.quantize(graph, samples(graph, 32, 1, vocabulary));
    Path file = dir.resolve(family + "-int8.tflite");
    Files.write(file, int8.tflite());
    ModelSummary summary = ModelInspector.inspect(file);
    assertEquals("int8", summary.quantization());
    assertEquals(ModelInspector.inspect("float", TfliteWriter.write(graph)).macs(), summary.macs(),
        "quantizing changes no multiply-accumulate");
    double worst = 0;
    try (LoadedModel loaded = runtime.load(file, new TrialParams(1, 1, true))) {
      for (float[] x : samples(graph, 10, 2, vocabulary)) {
        ByteBuffer in = loaded.input(0);
        for (float v : x) {
          if (vocabulary > 0) {
            in.putInt((int) v);
          } else {
            long q = Math.round(v / int8.input().scales()[0]) + int8.input().zeroPoints()[0];
            in.put((byte) Math.max(-128, Math.min(127, q)));
          }
        }
        loaded.run();
        float[] expected = ReferenceForward.run(graph, x);
        ByteBuffer out = loaded.output(0);
        for (float e : expected) {
          double actual = int8.output().scales()[0] * (out.get() - int8.output().zeroPoints()[0]);
          worst = Math.max(worst, Math.abs(actual - e));
        }
      }
    }
    System.out.printf("int8 %s: worst probability difference from float %.4f%n", family, worst);
    assertTrue(worst < 0.1, family + ": int8 probabilities differ from float by up to " + worst);
  }
}
