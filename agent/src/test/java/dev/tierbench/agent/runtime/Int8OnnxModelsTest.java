package dev.tierbench.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tierbench.common.generate.Activation;
import dev.tierbench.common.generate.CnnFamily;
import dev.tierbench.common.generate.CnnSpec;
import dev.tierbench.common.generate.Graph;
import dev.tierbench.common.generate.GraphBuilder;
import dev.tierbench.common.generate.Int8Quantizer;
import dev.tierbench.common.generate.ReferenceForward;
import dev.tierbench.common.generate.SeededWeights;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.OperatorTime;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;

/**
 * Each family's int8 variant written for both engines from one calibration: the TFLite model run by TFLite, the
 * QDQ ONNX model by the real ONNX Runtime. Both take and give the same types with the same quantization, answer
 * alike on the same int8 inputs, and ONNX Runtime runs the quantized layers with its integer kernels.
 */
class Int8OnnxModelsTest {

  private static final int SAMPLES = 50;
  private static final TrialParams ONE = new TrialParams(1, 1, false);
  private static final TrialParams ONE_ON_ORT = new TrialParams(1, 1, false, Scenario.SINGLE_STREAM, 0, "",
      Engine.ONNXRUNTIME);

  @TempDir
  Path dir;

  private record Models(Graph graph, int vocabulary, Path tflite, Path onnx) {}

  /**
   * The test networks of {@link GeneratedModelsTest#family}, and {@code shallow-cnn[-relu6]}: a two-class cnn of one
   * block per stage without squeeze-excitation, whose seeded answers still differ from sample to sample (deeper
   * ones shrink an untrained signal to the same answer for every input; trained ones are compared in
   * GraphTrainerTest).
   */
  private Models write(String name) throws Exception {
    Graph graph = name.startsWith("shallow-") ? CnnFamily.build(new CnnSpec(0.1, 0.5, 32, 3, 2, false,
        name.endsWith("relu6") ? Activation.RELU6 : Activation.SWISH, 4), new SeededWeights(4, true))
        : GeneratedModelsTest.family(name);
    int vocabulary = name.equals("encoder") ? 50 : 0;
    return write(name, graph, vocabulary, GeneratedModelsTest.samples(graph, 32, 1, vocabulary));
  }

  private Models write(String name, Graph graph, int vocabulary, List<float[]> calibration) throws Exception {
    Int8Quantizer.Int8Model int8 = Int8Quantizer.quantize(graph, calibration);
    return new Models(graph, vocabulary, Files.write(dir.resolve(name + ".tflite"), int8.tflite()),
        Files.write(dir.resolve(name + ".onnx"), int8.onnx()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"mlp", "shallow-cnn", "shallow-cnn-relu6", "encoder"})
  void onnxRuntimeAnswersAsTfliteDoesOnTheSameInt8Inputs(String name) throws Exception {
    Models m = write(name);
    int worst = 0;
    int quantization = 0;
    int sameClass = 0;
    Set<String> answers = new HashSet<>();
    float step;
    try (LoadedModel lite = TfliteRuntime.start().load(m.tflite(), ONE);
        LoadedModel ort = OnnxRuntime.start().load(m.onnx(), ONE_ON_ORT)) {
      assertSameTensor(lite.inputs().get(0), ort.inputs().get(0));
      assertSameTensor(lite.outputs().get(0), ort.outputs().get(0));
      step = lite.outputs().get(0).scale();
      for (float[] x : GeneratedModelsTest.samples(m.graph(), SAMPLES, 7, m.vocabulary())) {
        byte[] a = answer(lite, x);
        byte[] b = answer(ort, x);
        float[] exact = ReferenceForward.run(m.graph(), x);
        TensorInfo out = lite.outputs().get(0);
        for (int i = 0; i < a.length; i++) {
          worst = Math.max(worst, Math.abs(a[i] - b[i]));
          long q = Math.max(-128, Math.min(127, Math.round(exact[i] / out.scale()) + out.zeroPoint()));
          quantization = Math.max(quantization, (int) Math.abs(a[i] - q));
        }
        sameClass += argmax(a) == argmax(b) ? 1 : 0;
        answers.add(Arrays.toString(a));
      }
    }
    System.out.printf("int8 %s: ONNX Runtime against TFLite on %d samples (%d different answers): largest"
        + " difference %d steps (%.4f), the same class on %d; TFLite int8 against float: %d steps%n", name, SAMPLES,
        answers.size(), worst, worst * step, sameClass, quantization);
    assertTrue(answers.size() >= SAMPLES / 5, name + ": the answers tell samples apart: " + answers.size());
    // Kernels round differently (TFLite fixed-point, ONNX Runtime float scales; each its own sigmoid and softmax),
    // so the two int8 models may differ by a few steps; but they carry one quantization, so they must be closer to
    // each other than the int8 model is to the float one.
    assertTrue(worst <= Math.max(quantization, 1), name + ": the engines' int8 outputs differ by up to " + worst
        + " steps, more than int8 differs from float (" + quantization + " steps)");
    assertTrue(sameClass >= 0.9 * SAMPLES, name + ": the same class on " + sameClass + " of " + SAMPLES);
  }

  /** The batch dimension stays symbolic: each sample of a batch gets the answer it gets alone. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"mlp", "cnn-relu6", "encoder"})
  void anInt8OnnxModelAnswersEachSampleOfABatchAsAlone(String name) throws Exception {
    Models m = write(name);
    List<float[]> samples = GeneratedModelsTest.samples(m.graph(), 3, 9, m.vocabulary());
    float[] batch = new float[samples.size() * samples.get(0).length];
    for (int i = 0; i < samples.size(); i++) {
      System.arraycopy(samples.get(i), 0, batch, i * samples.get(0).length, samples.get(0).length);
    }
    try (LoadedModel one = OnnxRuntime.start().load(m.onnx(), ONE_ON_ORT);
        LoadedModel three = OnnxRuntime.start().load(m.onnx(), new TrialParams(3, 1, false,
            Scenario.SINGLE_STREAM, 0, "", Engine.ONNXRUNTIME))) {
      byte[] together = answer(three, batch);
      int width = together.length / samples.size();
      for (int i = 0; i < samples.size(); i++) {
        assertArrayEquals(answer(one, samples.get(i)), Arrays.copyOfRange(together, i * width, (i + 1) * width),
            name + ": sample " + i);
      }
    }
  }

  /**
   * A softmax sure of its answer says probability 1 (the int8 code 127) on both engines: ONNX Runtime's int8 softmax
   * kernel would say 0, which is why the writer keeps it off that kernel.
   */
  @Test
  void aCertainSoftmaxSaysOneOnBothEngines() throws Exception {
    GraphBuilder g = new GraphBuilder("softmax");
    Graph graph = g.build(g.softmax("probabilities", g.input("logits", false, 1, 10)));
    List<float[]> logits = GeneratedModelsTest.samples(graph, 16, 3, 0);
    logits.forEach(x -> x[3] = 50);
    Models m = write("softmax", graph, 0, logits);
    try (LoadedModel lite = TfliteRuntime.start().load(m.tflite(), ONE);
        LoadedModel ort = OnnxRuntime.start().load(m.onnx(), ONE_ON_ORT)) {
      byte[] expected = new byte[10];
      Arrays.fill(expected, (byte) -128);
      expected[3] = 127;
      assertArrayEquals(expected, answer(lite, logits.get(0)), "TFLite");
      assertArrayEquals(expected, answer(ort, logits.get(0)), "ONNX Runtime");
    }
  }

  /**
   * What ONNX Runtime's profiler saw run, data moves (Transpose, Reshape, Gather) and the remaining Quantize- and
   * DequantizeLinear set aside: the integer kernels, and in float exactly the operators with no QDQ form.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"mlp, QGemm QLinearSoftmax, ''",
      "cnn, QGemm QLinearAdd QLinearConv QLinearMul QLinearSigmoid QLinearSoftmax, ReduceMean",
      "cnn-relu6, QGemm QLinearAdd QLinearConv QLinearMul QLinearSigmoid QLinearSoftmax, ReduceMean",
      "encoder, QGemm QLinearAdd QLinearMatMul QLinearMul QLinearSoftmax, Reciprocal ReduceMean Sqrt Sub Tanh"})
  void onnxRuntimeRunsTheQuantizedLayersWithIntegerKernels(String name, String integer, String inFloat)
      throws Exception {
    Set<String> ran = profiledOperators(write(name).onnx());
    System.out.printf("int8 %s: ONNX Runtime ran %s%n", name, ran);
    ran.removeAll(List.of("Transpose", "Reshape", "Gather", "QuantizeLinear", "DequantizeLinear"));
    Set<String> expected = new TreeSet<>(List.of(integer.split(" ")));
    if (!inFloat.isEmpty()) {
      expected.addAll(List.of(inFloat.split(" ")));
    }
    assertEquals(expected, ran, name + ": integer kernels " + integer + ", in float only " + inFloat);
  }

  private static void assertSameTensor(TensorInfo tflite, TensorInfo onnx) {
    String both = tflite + " and " + onnx;
    assertEquals(tflite.type(), onnx.type(), both);
    assertArrayEquals(tflite.shape(), onnx.shape(), both);
    assertEquals(tflite.scale(), onnx.scale(), both);
    assertEquals(tflite.zeroPoint(), onnx.zeroPoint(), both);
  }

  /** One sample in as the agent feeds it (token ids as int32, features quantized); the raw int8 answer out. */
  private static byte[] answer(LoadedModel model, float[] x) {
    TensorInfo input = model.inputs().get(0);
    ByteBuffer in = model.input(0);
    for (float v : x) {
      if (input.type().equals("int32")) {
        in.putInt((int) v);
      } else {
        in.put((byte) Math.max(-128, Math.min(127, Math.round(v / input.scale()) + input.zeroPoint())));
      }
    }
    model.run();
    ByteBuffer out = model.output(0);
    byte[] answer = new byte[out.remaining()];
    out.get(answer);
    return answer;
  }

  private static int argmax(byte[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      best = values[i] > values[best] ? i : best;
    }
    return best;
  }

  /** The operator types ONNX Runtime's profiler saw run, the model loaded as the agent loads it. */
  private static Set<String> profiledOperators(Path model) throws Exception {
    return OnnxRuntime.start().profile(model, ONE_ON_ORT, 1).stream().map(OperatorTime::operator)
        .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
  }
}
