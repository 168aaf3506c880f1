package dev.tierbench.common.generate;

import java.util.Locale;

/** The {@code encoder} family: BERT-style (see {@link EncoderSpec}). */
public final class EncoderFamily {

  private static final float LAYER_NORM_EPSILON = 1e-12f;

  private EncoderFamily() {}

  public static Graph build(EncoderSpec spec, Weights weights) {
    GraphBuilder g = new GraphBuilder(String.format(Locale.ROOT, "tierbench encoder layers %d hidden %d heads %d"
        + " intermediate %d sequence %d seed %d", spec.layers(), spec.hidden(), spec.heads(), spec.intermediate(),
        spec.sequence(), spec.seed()));
    int s = spec.sequence();
    int h = spec.hidden();
    int ids = g.input("tokens", true, 1, s);
    int tokens = g.gather("embeddings/tokens", weights.values("embeddings/tokens", spec.vocabulary() * h, h, h,
        false), spec.vocabulary(), h, ids);
    int positions = g.constant("embeddings/positions", new int[] {1, s, h},
        weights.values("embeddings/positions", s * h, h, h, false));
    int x = layerNorm(g, weights, "embeddings/norm", g.add("embeddings/sum", tokens, positions), h);
    for (int layer = 0; layer < spec.layers(); layer++) {
      x = layer(g, weights, "layer" + layer, x, spec);
    }
    int pooled = g.reshape("pool/flatten", g.mean("pool/mean", x, 1), 1, h);
    pooled = g.tanh("pool/tanh", MlpFamily.dense(g, weights, "pool/dense", pooled, h, h, Activation.NONE));
    int logits = MlpFamily.dense(g, weights, "classifier", pooled, h, spec.classes(), Activation.NONE);
    return g.build(g.softmax("probabilities", logits));
  }

  private static int layer(GraphBuilder g, Weights weights, String name, int x, EncoderSpec spec) {
    int s = spec.sequence();
    int h = spec.hidden();
    int heads = spec.heads();
    int size = h / heads;
    int q = splitHeads(g, name + "/query", MlpFamily.dense(g, weights, name + "/query", x, h, h, Activation.NONE),
        s, heads, size);
    int k = splitHeads(g, name + "/key", MlpFamily.dense(g, weights, name + "/key", x, h, h, Activation.NONE),
        s, heads, size);
    int v = splitHeads(g, name + "/value", MlpFamily.dense(g, weights, name + "/value", x, h, h, Activation.NONE),
        s, heads, size);
    int scores = g.mul(name + "/scaled", g.batchMatMul(name + "/scores", q, k, true),
        g.scalar("attention/1/sqrt(" + size + ")", (float) (1 / Math.sqrt(size))));
    int context = g.batchMatMul(name + "/context", g.softmax(name + "/attention", scores), v, false);
    context = g.reshape(name + "/merge", g.transpose(name + "/unsplit", context, 0, 2, 1, 3), 1, s, h);
    int attended = MlpFamily.dense(g, weights, name + "/output", context, h, h, Activation.NONE);
    x = layerNorm(g, weights, name + "/attention/norm", g.add(name + "/attention/residual", x, attended), h);
    int inner = MlpFamily.dense(g, weights, name + "/intermediate", x, h, spec.intermediate(), spec.activation());
    int out = MlpFamily.dense(g, weights, name + "/ffn/output", inner, spec.intermediate(), h, Activation.NONE);
    return layerNorm(g, weights, name + "/ffn/norm", g.add(name + "/ffn/residual", x, out), h);
  }

  /** [1, s, h] to [1, heads, s, size]. */
  private static int splitHeads(GraphBuilder g, String name, int x, int s, int heads, int size) {
    return g.transpose(name + "/heads", g.reshape(name + "/split", x, 1, s, heads, size), 0, 2, 1, 3);
  }

  /** (x − mean) / sqrt(variance + ε) · γ + β over the last axis. */
  private static int layerNorm(GraphBuilder g, Weights weights, String name, int x, int width) {
    int rank = g.shape(x).length;
    int centred = g.sub(name + "/centred", x, g.mean(name + "/mean", x, rank - 1));
    int variance = g.mean(name + "/variance", g.mul(name + "/square", centred, centred), rank - 1);
    int inverse = g.rsqrt(name + "/rsqrt", g.add(name + "/epsilon", variance,
        g.scalar("layer-norm/epsilon", LAYER_NORM_EPSILON)));
    int normed = g.mul(name + "/normed", centred, inverse);
    int gamma = g.constant(name + "/gamma", new int[] {width}, weights.scale(name + "/gamma", width));
    int beta = g.constant(name + "/beta", new int[] {width}, weights.values(name + "/beta", width, width, width, true));
    return g.add(name + "/shifted", g.mul(name + "/scaled", normed, gamma), beta);
  }
}
