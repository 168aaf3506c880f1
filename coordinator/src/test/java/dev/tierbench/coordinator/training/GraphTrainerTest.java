package dev.tierbench.coordinator.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tierbench.agent.evaluate.Evaluator;
import dev.tierbench.agent.runtime.LoadedModel;
import dev.tierbench.agent.runtime.OnnxRuntime;
import dev.tierbench.agent.runtime.TfliteRuntime;
import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.dataset.DatasetReader;
import dev.tierbench.common.dataset.Split;
import dev.tierbench.common.dataset.Task;
import dev.tierbench.common.generate.GeneratedModel;
import dev.tierbench.common.generate.Generators;
import dev.tierbench.common.generate.Graph;
import dev.tierbench.common.generate.TfliteWriter;
import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.coordinator.Fixtures;

/**
 * Each generated family trained with PyTorch on its dataset and written by the generator: it learns (accuracy on
 * the held-out test split, through the real TFLite interpreter), the exported model agrees with PyTorch on every
 * test sample, its int8 model answers alike on TFLite and ONNX Runtime, training is deterministic for a seed (whatever
 * the garbage collector does), and a diverging run is a clear failure.
 */
class GraphTrainerTest {

  private static final Path DATA = Fixtures.ROOT.resolve("configs/data");

  @TempDir
  Path dir;

  private record Variant(String family, Map<String, String> params, Graph graph, Dataset train, Dataset test) {}

  private static Variant variant(String family, Map<String, String> params, String dataset) {
    Dataset data = DatasetReader.builtin(dataset, DATA);
    Map<String, String> fitted = TrainingData.fit(family, params, data);
    Graph graph = Generators.build(family, fitted);
    Split split = Split.of(data, 0.2, 0.2, 1);
    TrainingData.Shaped shaped = TrainingData.shape(family, graph, data.select(split.train()),
        data.select(split.test()));
    return new Variant(family, fitted, graph, shaped.train(), shaped.test());
  }

  /** Every sample through the exported model in the real TFLite interpreter, one query each. */
  private float[][] tflite(Graph graph, float[][] samples) throws Exception {
    Path model = dir.resolve("model.tflite");
    Files.write(model, TfliteWriter.write(graph));
    int outputs = graph.tensor(graph.output()).elements();
    boolean tokens = graph.tensor(graph.input()).integer();
    float[][] out = new float[samples.length][outputs];
    try (LoadedModel loaded = TfliteRuntime.start().load(model, new TrialParams(1, 1, true))) {
      for (int i = 0; i < samples.length; i++) {
        ByteBuffer in = loaded.input(0);
        in.clear();
        if (tokens) {
          for (float v : samples[i]) {
            in.putInt((int) v);
          }
        } else {
          in.asFloatBuffer().put(samples[i]);
        }
        loaded.run();
        ByteBuffer result = loaded.output(0);
        result.rewind();
        result.asFloatBuffer().get(out[i]);
      }
    }
    return out;
  }

  private static int argmax(float[] row) {
    int best = 0;
    for (int i = 1; i < row.length; i++) {
      best = row[i] > row[best] ? i : best;
    }
    return best;
  }

  private record Trained(Graph graph, double accuracy) {}

  /** Trains, exports, and checks PyTorch against TFLite on the test split; the TFLite test accuracy with it. */
  private Trained trainAndCompare(String what, Variant v, TrainSettings settings, double tolerance) throws Exception {
    TrainedGraph trained = GraphTrainer.train(v.graph(), v.train(), settings, (loss, epoch) -> {});
    int n = trained.losses().size();
    assertTrue(trained.losses().get(n - 1) < trained.losses().get(0), "the loss falls: " + trained.losses());
    float[][] samples = v.test().features();
    float[][] torch = TorchForward.outputs(trained.graph(), samples);
    float[][] lite = tflite(trained.graph(), samples);
    double maxDiff = 0;
    int same = 0;
    int correct = 0;
    for (int i = 0; i < samples.length; i++) {
      for (int j = 0; j < lite[i].length; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(torch[i][j] - lite[i][j]));
      }
      same += argmax(torch[i]) == argmax(lite[i]) ? 1 : 0;
      correct += argmax(lite[i]) == v.test().label(i) ? 1 : 0;
    }
    double accuracy = correct / (double) samples.length;
    System.out.printf("%s: test accuracy %.4f through TFLite (%d samples), max |PyTorch - TFLite| %.2e, predicted"
        + " classes identical on %d, trained in %.1f s (%d epochs, final loss %.4f)%n", what, accuracy,
        samples.length, maxDiff, same, trained.seconds(), n, trained.losses().get(n - 1));
    assertTrue(maxDiff < tolerance, "outputs agree within float tolerance: " + maxDiff);
    assertTrue(same >= Math.ceil(0.999 * samples.length), "identical predicted classes on " + same + " of "
        + samples.length);
    return new Trained(trained.graph(), accuracy);
  }

  /**
   * The trained graph quantized as a sweep's {@code quantize: int8, format: onnx} variant is (calibrated on training
   * samples): the agent's evaluation of the QDQ ONNX model with ONNX Runtime and of its int8 TFLite twin with TFLite
   * give the same class more often than int8 gives float's (the engines round differently, but they carry one
   * quantization), and on at least 98 % of the test split; the accuracies of both.
   */
  private double[] int8OnBothEngines(String what, Variant v, Graph trained) throws Exception {
    Map<String, String> params = new HashMap<>(v.params());
    params.put("quantize", "int8");
    params.put("format", "onnx");
    List<float[]> calibration = List.of(Arrays.copyOf(v.train().features(), 64));
    GeneratedModel int8 = Generators.write(v.family(), params, trained, () -> calibration);
    Path onnx = Files.write(dir.resolve("int8.onnx"), int8.file());
    Path tflite = Files.write(dir.resolve("int8.tflite"), int8.tflite());
    TrialParams one = new TrialParams(1, 1, false);
    Evaluation lite = Evaluator.evaluate(TfliteRuntime.start(), tflite, one, v.test());
    Evaluation ort = Evaluator.evaluate(OnnxRuntime.start(), onnx, one, v.test());
    Evaluation exact = Evaluator.evaluate(TfliteRuntime.start(), Files.write(dir.resolve("float.tflite"),
        TfliteWriter.write(trained)), one, v.test());
    int same = 0;
    int asFloat = 0;
    for (int i = 0; i < lite.samples(); i++) {
      same += lite.predictions()[i] == ort.predictions()[i] ? 1 : 0;
      asFloat += lite.predictions()[i] == exact.predictions()[i] ? 1 : 0;
    }
    System.out.printf("%s int8: test accuracy %.4f through TFLite, %.4f through ONNX Runtime, the same class on %d"
        + " of %d (TFLite int8 as float on %d)%n", what, lite.correct() / (double) lite.samples(),
        ort.correct() / (double) ort.samples(), same, lite.samples(), asFloat);
    assertTrue(same >= asFloat && same >= 0.98 * lite.samples(), "the same class on " + same + " of "
        + lite.samples() + " (int8 as float on " + asFloat + ")");
    return new double[] {lite.correct() / (double) lite.samples(), ort.correct() / (double) ort.samples()};
  }

  @Test
  void aTrainedMlpLearnsAndItsTfliteExportAgreesWithPyTorch() throws Exception {
    Variant cancer = variant("mlp", Map.of("depth", "2", "width", "32"), "breast_cancer");
    Trained trained = trainAndCompare("breast_cancer MLP 2x32", cancer, new TrainSettings(30, 0.01, 32, 1), 1e-4);
    assertTrue(trained.accuracy() >= 0.93, "test accuracy " + trained.accuracy());
    for (double accuracy : int8OnBothEngines("breast_cancer MLP 2x32", cancer, trained.graph())) {
      assertTrue(accuracy >= 0.9, "int8 test accuracy " + accuracy);
    }
  }

  /** EfficientNet's swish and EfficientNet-Lite's ReLU6 alike, float32 and int8 on both engines. */
  @ParameterizedTest(name = "activation {0}")
  @CsvSource({"swish", "relu6"})
  void aTrainedCnnReadsTheDigits(String activation) throws Exception {
    Variant digits = variant("cnn", Map.of("depth", "0.25", "width", "0.25", "resolution", "32", "activation",
        activation), "digits");
    assertEquals(32 * 32, digits.train().width(), "8×8 digits upsampled to the variant's resolution");
    String what = "digits CNN depth 0.25 width 0.25 at 32x32 " + activation;
    Trained trained = trainAndCompare(what, digits, new TrainSettings(10, 0.003, 32, 1), 1e-3);
    assertTrue(trained.accuracy() >= 0.95, "test accuracy " + trained.accuracy());
    for (double accuracy : int8OnBothEngines(what, digits, trained.graph())) {
      assertTrue(accuracy >= 0.9, "int8 test accuracy " + accuracy);
    }
  }

  @Test
  void aTrainedEncoderTellsLanguagesApart() throws Exception {
    Variant words = variant("encoder", Map.of("layers", "1", "hidden", "32", "heads", "2", "intermediate", "64",
        "sequence", "16"), "wordlang");
    Trained trained = trainAndCompare("wordlang encoder 1 layer hidden 32 sequence 16", words,
        new TrainSettings(3, 0.003, 64, 1), 1e-3);
    assertTrue(trained.accuracy() >= 3.0 / 7, "test accuracy " + trained.accuracy() + ", chance is 1/7");
    for (double accuracy : int8OnBothEngines("wordlang encoder", words, trained.graph())) {
      assertTrue(accuracy >= 3.0 / 7, "int8 test accuracy " + accuracy);
    }
  }

  @Test
  void theSameSeedGivesTheSameWeightsAndRegressionLearnsToo() throws Exception {
    Variant diabetes = variant("mlp", Map.of("depth", "1", "width", "16", "seed", "3"), "diabetes");
    TrainSettings settings = new TrainSettings(60, 0.05, 16, 3);
    TrainedGraph once = GraphTrainer.train(diabetes.graph(), diabetes.train(), settings, (loss, epoch) -> {});
    TrainedGraph again = GraphTrainer.train(diabetes.graph(), diabetes.train(), settings, (loss, epoch) -> {});
    for (Graph.Tensor t : once.graph().tensors()) {
      if (t.trainable()) {
        assertArrayEquals(t.data(), again.graph().tensor(t.id()).data(), t.name());
      }
    }
    float[][] lite = tflite(once.graph(), diabetes.test().features());
    double[] y = diabetes.test().targets();
    double mean = Arrays.stream(y).average().orElseThrow();
    double residual = 0;
    double total = 0;
    for (int i = 0; i < y.length; i++) {
      residual += Math.pow(y[i] - lite[i][0], 2);
      total += Math.pow(y[i] - mean, 2);
    }
    double r2 = 1 - residual / total;
    System.out.printf("diabetes MLP 1x16: test R² %.3f through TFLite%n", r2);
    assertTrue(r2 > 0.3, "R² " + r2);
  }

  /**
   * The garbage collector running at any moment changes nothing: no array the backward pass reads may be freed
   * under it (DJL's number-to-tensor operations once made this encoder go NaN at random steps; DJL's relu6 is one).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"encoder", "mlp"})
  void trainingIsTheSameWhateverTheGarbageCollectorDoes(String family) throws Exception {
    Variant v = family.equals("encoder") ? variant("encoder", Map.of("layers", "2", "hidden", "32", "heads", "4",
        "intermediate", "64", "sequence", "8"), "wordlang")
        : variant("mlp", Map.of("depth", "3", "width", "64", "activation", "relu6"), "digits");
    TrainSettings settings = new TrainSettings(family.equals("encoder") ? 1 : 3, 0.003, 64, 1);
    TrainedGraph quiet = GraphTrainer.train(v.graph(), v.train(), settings, (loss, epoch) -> {});
    java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread collector = new Thread(() -> {
      while (running.get()) {
        System.gc();
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    collector.setDaemon(true);
    collector.start();
    TrainedGraph busy;
    try {
      busy = GraphTrainer.train(v.graph(), v.train(), settings, (loss, epoch) -> {});
    } finally {
      running.set(false);
      collector.join();
    }
    assertEquals(quiet.losses(), busy.losses(), "the same losses with the collector running throughout");
    for (Graph.Tensor t : quiet.graph().tensors()) {
      if (t.trainable()) {
        assertArrayEquals(t.data(), busy.graph().tensor(t.id()).data(), t.name());
      }
    }
  }

  @Test
  void aDivergingRunOrMismatchedDataIsAClearFailure() {
    float[][] huge = {{1e30f, 1e30f}, {2e30f, 1e30f}, {3e30f, 2e30f}};
    Dataset blowUp = new Dataset("huge", Task.REGRESSION, List.of(), huge, new double[] {1e30, 2e30, 3e30});
    Graph regression = Generators.build("mlp", Map.of("inputs", "2", "outputs", "1", "task", "regress", "depth", "1",
        "width", "4"));
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> GraphTrainer.train(regression, blowUp, new TrainSettings(3, 0.01, 3, 1), (loss, epoch) -> {}));
    assertTrue(e.getMessage().startsWith("training diverged at epoch 1"), e.getMessage());

    Graph wide = Generators.build("mlp", Map.of("inputs", "5", "outputs", "1", "task", "regress"));
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> GraphTrainer.train(wide, blowUp, new TrainSettings(1, 0.01, 3, 1), (loss, epoch) -> {}));
    assertEquals("huge has 2 features per sample but the model takes 5 inputs [1, 5]", shape.getMessage());
    IllegalArgumentException regress = assertThrows(IllegalArgumentException.class,
        () -> TrainingData.fit("cnn", Map.of(), blowUp));
    assertEquals("the cnn family classifies; huge is a regression dataset", regress.getMessage());
  }
}
