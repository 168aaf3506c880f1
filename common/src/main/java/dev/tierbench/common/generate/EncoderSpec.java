package dev.tierbench.common.generate;

/**
 * A BERT-style encoder: token and position embeddings, {@code layers} blocks of multi-head self-attention and a
 * feed-forward network (each with a residual and a layer norm), mean pooling, a tanh pooler and a classifier.
 */
public record EncoderSpec(int vocabulary, int sequence, int layers, int hidden, int heads, int intermediate,
    int classes, Activation activation, long seed) {

  public EncoderSpec {
    Ranges.check("vocabulary", vocabulary, 2, 1_000_000);
    Ranges.check("sequence", sequence, 1, 4_096);
    Ranges.check("layers", layers, 1, 128);
    Ranges.check("hidden", hidden, 1, 16_384);
    Ranges.check("heads", heads, 1, 256);
    Ranges.check("intermediate", intermediate, 1, 65_536);
    Ranges.check("classes", classes, 1, 100_000);
    if (hidden % heads != 0) {
      throw new IllegalArgumentException("heads must divide hidden: hidden " + hidden + " is not a multiple of "
          + heads + " heads");
    }
    if (activation != Activation.GELU && activation != Activation.RELU) {
      throw new IllegalArgumentException("activation must be gelu or relu, got " + activation);
    }
  }

  /** Multiply-accumulates of one sequence, from the architecture alone. */
  public long macs() {
    long s = sequence;
    long h = hidden;
    long perLayer = 4 * s * h * h + 2 * s * s * h + 2 * s * h * intermediate;
    return layers * perLayer + h * h + h * classes;
  }
}
