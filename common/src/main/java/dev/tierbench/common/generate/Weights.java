package dev.tierbench.common.generate;

/**
 * Where a generated layer's values come from: seeded initialisation now, trained values later (the same
 * architecture asks for the same names and shapes, so a trained set plugs in unchanged).
 */
public interface Weights {

  /**
   * @param name the layer's name in the graph, e.g. {@code hidden2/weights}
   * @param fanIn inputs feeding each output (for initialisation scales)
   * @param bias true for a bias vector
   */
  float[] values(String name, int elements, int fanIn, int fanOut, boolean bias);

  /** A layer norm's scale (gamma): ones at initialisation. */
  default float[] scale(String name, int elements) {
    float[] ones = new float[elements];
    java.util.Arrays.fill(ones, 1f);
    return ones;
  }
}
