package dev.tierbench.common.generate;

/** The {@code mlp} family: dense layers, depth × width, the paper's MLP use case. */
public final class MlpFamily {

  private MlpFamily() {}

  public static Graph build(MlpSpec spec, Weights weights) {
    GraphBuilder g = new GraphBuilder("tierbench mlp depth " + spec.depth() + " width " + spec.width() + " "
        + spec.activation().name().toLowerCase(java.util.Locale.ROOT) + " seed " + spec.seed());
    int x = g.input("input", false, 1, spec.inputs());
    int features = spec.inputs();
    for (int layer = 1; layer <= spec.depth(); layer++) {
      String name = "hidden" + layer;
      x = dense(g, weights, name, x, features, spec.width(), spec.activation());
      features = spec.width();
    }
    x = dense(g, weights, "output", x, features, spec.outputs(), Activation.NONE);
    if (spec.classify()) {
      x = g.softmax("probabilities", x);
    }
    return g.build(x);
  }

  /** A dense layer; an activation TFLite cannot fuse follows as operators of its own. */
  static int dense(GraphBuilder g, Weights weights, String name, int x, int in, int out, Activation activation) {
    float[] w = weights.values(name + "/weights", in * out, in, out, false);
    float[] b = weights.values(name + "/bias", out, in, out, true);
    return g.activation(name, g.fullyConnected(name, x, w, b, out, activation.fused()), activation.unfused());
  }
}
