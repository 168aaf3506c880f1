package dev.tierbench.coordinator.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.agent.runtime.LoadedModel;
import dev.tierbench.agent.runtime.TfliteRuntime;
import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.dataset.DatasetReader;
import dev.tierbench.common.dataset.Split;
import dev.tierbench.common.dataset.Standardizer;
import dev.tierbench.common.dataset.Task;
import dev.tierbench.common.generate.Activation;
import dev.tierbench.common.generate.MlpFamily;
import dev.tierbench.common.generate.MlpSpec;
import dev.tierbench.common.generate.TfliteWriter;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.coordinator.Fixtures;

/**
 * The MLP family trained with PyTorch and written by the generator: it learns (breast cancer accuracy on the
 * held-out test split, through the real TFLite interpreter), the exported model agrees with PyTorch, training
 * is deterministic for a seed, and a diverging run is a clear failure.
 */
class MlpTrainerTest {

  private static final Path DATA = Fixtures.ROOT.resolve("configs/data");

  @TempDir
  Path dir;

  private record Prepared(Dataset train, Dataset test) {}

  private static Prepared prepare(String name) {
    Dataset data = DatasetReader.builtin(name, DATA);
    Split split = Split.of(data, 0.2, 0.2, 1);
    Dataset train = data.select(split.train());
    Standardizer scale = Standardizer.fit(train);
    return new Prepared(scale.apply(train), scale.apply(data.select(split.test())));
  }

  /** Every sample through the exported model in the real TFLite interpreter, one query each. */
  private float[][] tflite(MlpSpec spec, TrainedWeights weights, float[][] samples) throws Exception {
    Path model = dir.resolve("mlp.tflite");
    Files.write(model, TfliteWriter.write(MlpFamily.build(spec, weights)));
    float[][] out = new float[samples.length][spec.outputs()];
    try (LoadedModel loaded = TfliteRuntime.start().load(model, new TrialParams(1, 1, true))) {
      for (int i = 0; i < samples.length; i++) {
        ByteBuffer in = loaded.input(0);
        in.clear();
        in.asFloatBuffer().put(samples[i]);
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

  @Test
  void aTrainedMlpLearnsAndItsTfliteExportAgreesWithPyTorch() throws Exception {
    Prepared cancer = prepare("breast_cancer");
    MlpSpec spec = new MlpSpec(30, 2, 2, 32, Activation.RELU, true, 1);
    TrainedMlp trained = MlpTrainer.train(spec, cancer.train(), new TrainSettings(30, 0.01, 32, 1));
    assertTrue(trained.losses().get(29) < trained.losses().get(0) / 3, "the loss falls: " + trained.losses());

    float[][] samples = cancer.test().features();
    float[][] torch = MlpTrainer.predict(spec, trained.weights(), samples);
    float[][] lite = tflite(spec, trained.weights(), samples);
    double maxDiff = 0;
    int same = 0;
    int correct = 0;
    for (int i = 0; i < samples.length; i++) {
      for (int j = 0; j < spec.outputs(); j++) {
        maxDiff = Math.max(maxDiff, Math.abs(torch[i][j] - lite[i][j]));
      }
      same += argmax(torch[i]) == argmax(lite[i]) ? 1 : 0;
      correct += argmax(lite[i]) == cancer.test().label(i) ? 1 : 0;
    }
    double accuracy = correct / (double) samples.length;
    System.out.printf("breast_cancer MLP 2x32: test accuracy %.4f through TFLite (%d samples), max |PyTorch -"
        + " TFLite| %.2e, trained in %.2f s%n", accuracy, samples.length, maxDiff, trained.seconds());
    assertTrue(maxDiff < 1e-4, "outputs agree within float tolerance: " + maxDiff);
    assertEquals(samples.length, same, "identical predicted classes");
    assertTrue(accuracy >= 0.93, "test accuracy " + accuracy);
  }

  @Test
  void theSameSeedGivesTheSameWeightsAndRegressionLearnsToo() throws Exception {
    Prepared diabetes = prepare("diabetes");
    MlpSpec spec = new MlpSpec(10, 1, 1, 16, Activation.RELU, false, 3);
    TrainSettings settings = new TrainSettings(60, 0.05, 16, 3);
    TrainedMlp once = MlpTrainer.train(spec, diabetes.train(), settings);
    TrainedMlp again = MlpTrainer.train(spec, diabetes.train(), settings);
    for (String name : List.of("hidden1/weights", "hidden1/bias", "output/weights", "output/bias")) {
      assertArrayEquals(once.weights().values().get(name), again.weights().values().get(name), name);
    }
    float[][] lite = tflite(spec, once.weights(), diabetes.test().features());
    double[] y = diabetes.test().targets();
    double mean = java.util.Arrays.stream(y).average().orElseThrow();
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

  @Test
  void aDivergingRunOrMismatchedDataIsAClearFailure() {
    float[][] huge = {{1e30f, 1e30f}, {2e30f, 1e30f}, {3e30f, 2e30f}};
    Dataset blowUp = new Dataset("huge", Task.REGRESSION, List.of(), huge, new double[] {1e30, 2e30, 3e30});
    MlpSpec spec = new MlpSpec(2, 1, 1, 4, Activation.RELU, false, 1);
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> MlpTrainer.train(spec, blowUp, new TrainSettings(3, 0.01, 3, 1)));
    assertTrue(e.getMessage().startsWith("training diverged at epoch 1"), e.getMessage());

    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> MlpTrainer.train(
        new MlpSpec(5, 1, 1, 4, Activation.RELU, false, 1), blowUp, new TrainSettings(1, 0.01, 3, 1)));
    assertEquals("huge has 2 features per sample but the MLP takes 5 inputs", shape.getMessage());
  }
}
