package dev.tierbench.common.generate;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Deterministic initialisation: He-normal (ReLU-family layers) or Glorot-normal (others) weights, zero biases.
 * Each tensor draws from its own generator, seeded by the sweep's seed and the tensor's name, so adding a layer
 * does not change the weights of the others.
 */
public record SeededWeights(long seed, boolean he) implements Weights {

  @Override
  public float[] values(String name, int elements, int fanIn, int fanOut, boolean bias) {
    float[] values = new float[elements];
    if (bias) {
      return values;
    }
    double std = he ? Math.sqrt(2.0 / fanIn) : Math.sqrt(2.0 / (fanIn + fanOut));
    Random random = new Random(seed * 31 + java.util.Arrays.hashCode(name.getBytes(StandardCharsets.UTF_8)));
    for (int i = 0; i < elements; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return values;
  }
}
