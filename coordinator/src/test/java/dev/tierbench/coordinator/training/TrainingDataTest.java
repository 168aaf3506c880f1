package dev.tierbench.coordinator.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.dataset.Task;

/** What the data decides about an architecture, and how images are brought to a variant's resolution. */
class TrainingDataTest {

  private static Dataset images(int width) {
    return new Dataset("pictures", Task.CLASSIFICATION, List.of("a", "b"), new float[][] {new float[width],
        new float[width]}, new double[] {0, 1});
  }

  @Test
  void theDataFixesInputsClassesChannelsAndVocabulary() {
    assertEquals("1", TrainingData.fit("cnn", Map.of(), images(64)).get("channels"), "8×8 grey");
    assertEquals("3", TrainingData.fit("cnn", Map.of(), images(48)).get("channels"), "4×4 RGB");
    assertEquals("2", TrainingData.fit("cnn", Map.of(), images(64)).get("classes"));
    assertEquals("pictures has 50 features per sample, not a square image (side × side, or side × side × 3 channels"
        + " last) the cnn family takes", assertThrows(IllegalArgumentException.class,
            () -> TrainingData.fit("cnn", Map.of(), images(50))).getMessage());
    assertEquals("pictures needs classes 2, the sweep says 10", assertThrows(IllegalArgumentException.class,
        () -> TrainingData.fit("cnn", Map.of("classes", "10"), images(64))).getMessage());
    Dataset tokens = new Dataset("words", Task.CLASSIFICATION, List.of("x", "y"), new float[][] {{3, 1, 0},
        {2, 7, 0}}, new double[] {0, 1});
    assertEquals("8", TrainingData.fit("encoder", Map.of(), tokens).get("vocabulary"), "largest token 7, plus one");
    Dataset measured = new Dataset("sizes", Task.CLASSIFICATION, List.of("x", "y"), new float[][] {{0.5f}, {2}},
        new double[] {0, 1});
    assertEquals("sizes sample 0 holds 0.5, not a token id; the encoder family trains on texts (a CSV with a text"
        + " column and a label column)", assertThrows(IllegalArgumentException.class,
            () -> TrainingData.fit("encoder", Map.of(), measured)).getMessage());
  }

  @Test
  void bilinearResizeKeepsAConstantImageAndInterpolatesBetweenPixels() {
    float[] flat = {5, 5, 5, 5};
    assertArrayEquals(new float[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5},
        TrainingData.bilinear(flat, 2, 4, 1));
    // Left column 0, right column 4: sampled at pixel centres, the edges repeat and the middle is graded.
    float[] ramp = TrainingData.bilinear(new float[] {0, 4, 0, 4}, 2, 4, 1);
    assertArrayEquals(new float[] {0, 1, 3, 4}, java.util.Arrays.copyOf(ramp, 4), 1e-6f);
  }
}
