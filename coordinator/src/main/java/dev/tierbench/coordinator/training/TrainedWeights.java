package dev.tierbench.coordinator.training;

import java.util.Map;

import dev.tierbench.common.generate.Weights;

/**
 * Trained values by the generator's layer names ({@code hidden1/weights}, {@code output/bias}, ...), so that the
 * generator writes the trained model with exactly the architecture it would have initialised.
 */
public record TrainedWeights(Map<String, float[]> values) implements Weights {

  public TrainedWeights {
    values = Map.copyOf(values);
  }

  @Override
  public float[] values(String name, int elements, int fanIn, int fanOut, boolean bias) {
    float[] trained = values.get(name);
    if (trained == null || trained.length != elements) {
      throw new IllegalStateException("no trained " + name + " of " + elements + " values (have "
          + (trained == null ? "none" : trained.length) + ")");
    }
    return trained;
  }
}
