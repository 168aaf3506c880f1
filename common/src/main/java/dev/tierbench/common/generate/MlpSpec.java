package dev.tierbench.common.generate;

/**
 * A multi-layer perceptron: {@code depth} hidden layers of {@code width} units each.
 *
 * @param classify true: a softmax over {@code outputs} classes; false: {@code outputs} linear values (regression)
 */
public record MlpSpec(int inputs, int outputs, int depth, int width, Activation activation, boolean classify,
    long seed) {

  public static final int MAX_DEPTH = 256;
  public static final int MAX_WIDTH = 65_536;

  public MlpSpec {
    Ranges.check("inputs", inputs, 1, MAX_WIDTH);
    Ranges.check("outputs", outputs, 1, MAX_WIDTH);
    Ranges.check("depth", depth, 1, MAX_DEPTH);
    Ranges.check("width", width, 1, MAX_WIDTH);
    if (activation == null) {
      throw new IllegalArgumentException("activation must be one of relu, relu6, swish, gelu, none");
    }
  }

  /** Multiply-accumulates of one sample, from the architecture alone. */
  public long macs() {
    return (long) inputs * width + (long) (depth - 1) * width * width + (long) width * outputs;
  }

  public long parameters() {
    return macs() + (long) depth * width + outputs;
  }
}
