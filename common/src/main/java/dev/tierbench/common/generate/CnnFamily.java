package dev.tierbench.common.generate;

import java.util.Locale;

/** The {@code cnn} family: EfficientNet-style compound scaling (see {@link CnnSpec}). */
public final class CnnFamily {

  private CnnFamily() {}

  public static Graph build(CnnSpec spec, Weights weights) {
    GraphBuilder g = new GraphBuilder(description(spec));
    Activation act = spec.activation();
    int x = g.input("image", false, 1, spec.resolution(), spec.resolution(), spec.inputChannels());
    x = conv(g, weights, "stem", x, spec.inputChannels(), spec.channels(CnnSpec.STEM), 3, 2, act);
    int index = 0;
    for (CnnSpec.Block block : spec.blocks()) {
      x = block(g, weights, "block" + index++, x, block, spec.squeezeExcite(), act);
    }
    int last = spec.blocks().get(spec.blocks().size() - 1).out();
    int head = spec.channels(CnnSpec.HEAD);
    x = conv(g, weights, "head", x, last, head, 1, 1, act);
    x = g.mean("pool", x, 1, 2);
    x = g.reshape("flatten", x, 1, head);
    x = MlpFamily.dense(g, weights, "classifier", x, head, spec.classes(), Activation.NONE);
    return g.build(g.softmax("probabilities", x));
  }

  /** Swish, the default, keeps the description it had before the activation could be chosen: the same bytes. */
  private static String description(CnnSpec spec) {
    return String.format(Locale.ROOT, "tierbench cnn depth %.3f width %.3f resolution %d se %s seed %d",
        spec.depth(), spec.width(), spec.resolution(), spec.squeezeExcite(), spec.seed())
        + (spec.activation() == Activation.SWISH ? "" : " activation "
        + spec.activation().name().toLowerCase(Locale.ROOT));
  }

  private static int block(GraphBuilder g, Weights weights, String name, int x, CnnSpec.Block b, boolean se,
      Activation act) {
    int y = x;
    if (b.expandRatio() != 1) {
      y = conv(g, weights, name + "/expand", y, b.in(), b.expanded(), 1, 1, act);
    }
    float[] dw = weights.values(name + "/depthwise/weights", b.kernel() * b.kernel() * b.expanded(),
        b.kernel() * b.kernel(), b.kernel() * b.kernel(), false);
    float[] dwBias = weights.values(name + "/depthwise/bias", b.expanded(), 1, 1, true);
    y = g.activation(name + "/depthwise", g.depthwise(name + "/depthwise", y, dw, dwBias, b.kernel(), b.stride(),
        act.fused()), act.unfused());
    if (se) {
      int squeezed = g.mean(name + "/se/pool", y, 1, 2);
      squeezed = conv(g, weights, name + "/se/reduce", squeezed, b.expanded(), b.seChannels(), 1, 1, act);
      int gate = g.logistic(name + "/se/gate", conv(g, weights, name + "/se/expand", squeezed, b.seChannels(),
          b.expanded(), 1, 1, Activation.NONE));
      y = g.mul(name + "/se/scale", y, gate);
    }
    y = conv(g, weights, name + "/project", y, b.expanded(), b.out(), 1, 1, Activation.NONE);
    return b.residual() ? g.add(name + "/residual", x, y) : y;
  }

  private static int conv(GraphBuilder g, Weights weights, String name, int x, int in, int out, int k, int stride,
      Activation activation) {
    float[] w = weights.values(name + "/weights", out * k * k * in, k * k * in, k * k * out, false);
    float[] b = weights.values(name + "/bias", out, k * k * in, out, true);
    return g.activation(name, g.conv2d(name, x, w, b, out, k, stride, activation.fused()),
        activation.unfused());
  }
}
