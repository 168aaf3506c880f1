package dev.tierbench.agent.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.agent.runtime.TfliteRuntime;
import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.dataset.EvalSet;
import dev.tierbench.common.dataset.Task;
import dev.tierbench.common.generate.Activation;
import dev.tierbench.common.generate.Graph;
import dev.tierbench.common.generate.MlpFamily;
import dev.tierbench.common.generate.MlpSpec;
import dev.tierbench.common.generate.ReferenceForward;
import dev.tierbench.common.generate.SeededWeights;
import dev.tierbench.common.generate.TfliteWriter;
import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.protocol.TrialParams;

/**
 * Evaluation through the real TFLite interpreter at any batch size, scored against the generator's Java
 * reference forward pass (labels chosen so that its answers are known), and the set's travel format.
 */
class EvaluatorTest {

  @TempDir
  Path dir;

  @Test
  void everySampleIsScoredOnceWhateverTheBatchAndTheSetTravelsIntact() throws Exception {
    MlpSpec spec = new MlpSpec(6, 3, 2, 16, Activation.RELU, true, 5);
    Graph graph = MlpFamily.build(spec, new SeededWeights(5, true));
    Path model = dir.resolve("mlp.tflite");
    Files.write(model, TfliteWriter.write(graph));
    SplittableRandom random = new SplittableRandom(2);
    int n = 23;
    float[][] x = new float[n][6];
    double[] y = new double[n];
    int expected = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 6; j++) {
        x[i][j] = (float) random.nextGaussian();
      }
      float[] p = ReferenceForward.run(graph, x[i]);
      int best = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
      // Two thirds labelled as the model answers, a third as the next class: 2/3 correct, by construction.
      y[i] = i % 3 == 0 ? (best + 1) % 3 : best;
      expected += i % 3 == 0 ? 0 : 1;
    }
    Dataset set = new Dataset("synthetic", Task.CLASSIFICATION, List.of("a", "b", "c"), x, y);
    Path file = dir.resolve("set.tbev");
    Files.write(file, EvalSet.write(set));
    Dataset travelled = EvalSet.read(file);
    assertArrayEquals(set.targets(), travelled.targets());
    assertArrayEquals(set.features()[22], travelled.features()[22]);

    for (int batch : new int[] {1, 4, 8}) {
      Evaluation e = Evaluator.evaluate(TfliteRuntime.start(), model, new TrialParams(batch, 1, true), travelled);
      assertEquals(n, e.samples(), "batch " + batch);
      assertEquals(expected, e.correct(), "batch " + batch + ": padding is not scored");
      assertEquals(n, java.util.Arrays.stream(e.confusion()).sum());
    }
  }

  @Test
  void macroF1AndRegressionScoresFollowTheirDefinitions() {
    // true 0: 3 right, 1 called 1; true 1: 2 right; true 2: never seen, never predicted.
    int[] confusion = {3, 1, 0, 0, 2, 0, 0, 0, 0};
    double f1a = 2.0 * 3 / (2 * 3 + 0 + 1);
    double f1b = 2.0 * 2 / (2 * 2 + 1 + 0);
    assertEquals((f1a + f1b) / 2, Scores.macroF1(confusion, 3), 1e-12, "class 2 never occurs: not averaged");

    Dataset data = new Dataset("r", Task.REGRESSION, List.of(), new float[][] {{0}, {0}, {0}, {0}},
        new double[] {1, 2, 3, 4});
    Evaluation e = Scores.of(data, new double[][] {{1}, {2}, {3}, {5}}, 10);
    assertEquals(1 - 1.0 / 5.0, e.r2(), 1e-12);
    assertEquals(0.25, e.mae(), 1e-12);
    assertEquals(0.5, e.rmse(), 1e-12);
  }

  @Test
  void aSetThatDoesNotFitTheModelIsNamedWithBothShapes() throws Exception {
    MlpSpec spec = new MlpSpec(6, 3, 1, 4, Activation.RELU, true, 1);
    Path model = dir.resolve("m.tflite");
    Files.write(model, TfliteWriter.write(MlpFamily.build(spec, new SeededWeights(1, true))));
    Dataset wide = new Dataset("wide", Task.CLASSIFICATION, List.of("a", "b", "c"), new float[][] {new float[9]},
        new double[] {0});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Evaluator.evaluate(TfliteRuntime.start(), model, new TrialParams(1, 1, true), wide));
    assertTrue(e.getMessage().startsWith("the evaluation set wide has 9 features per sample but the model's input"),
        e.getMessage());
  }
}
