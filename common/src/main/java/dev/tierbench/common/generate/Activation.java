package dev.tierbench.common.generate;

/** Activations a generated layer may apply; NONE, RELU and RELU6 fuse into the TFLite operator. */
public enum Activation {
  NONE,
  RELU,
  RELU6,
  /** x·sigmoid(x) (EfficientNet's swish): a LOGISTIC and a MUL in TFLite. */
  SWISH,
  /** GELU, tanh approximation (BERT): MUL, ADD and TANH in TFLite. */
  GELU;

  /** Whether TFLite applies this inside the operator (fused), rather than as operators of its own. */
  boolean fusable() {
    return this == NONE || this == RELU || this == RELU6;
  }

  /** What a layer fuses into its operator: this activation when TFLite can, else none. */
  Activation fused() {
    return fusable() ? this : NONE;
  }

  /** What follows a layer as operators of its own: none when fused. */
  Activation unfused() {
    return fusable() ? NONE : this;
  }

  float apply(float x) {
    switch (this) {
      case RELU:
        return Math.max(0, x);
      case RELU6:
        return Math.min(6, Math.max(0, x));
      case SWISH:
        return (float) (x / (1 + Math.exp(-x)));
      case GELU:
        return (float) (0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))));
      default:
        return x;
    }
  }
}
