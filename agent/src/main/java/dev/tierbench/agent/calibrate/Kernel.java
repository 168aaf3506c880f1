package dev.tierbench.agent.calibrate;

import dev.tierbench.common.generate.Activation;
import dev.tierbench.common.generate.Graph;
import dev.tierbench.common.generate.GraphBuilder;
import dev.tierbench.common.generate.SeededWeights;
import dev.tierbench.common.generate.TfliteWriter;
import dev.tierbench.common.generate.Weights;
import dev.tierbench.common.model.ModelInspector;

/**
 * One layer alone in a real TFLite model, built with the project's own generator, and the FLOPs of one sample by
 * the report's convention (from inspecting the model, so that calibrated and measured FLOP/s count alike).
 *
 * @param batch the batch it is timed at
 */
record Kernel(String name, byte[] tflite, long flopsPerSample, int batch) {

  /** Seeded like a generated variant: real-looking values, and the same model on every agent. */
  private static final Weights WEIGHTS = new SeededWeights(1, true);

  /** A 1024 → 1024 FULLY_CONNECTED layer at batch 32: 67 MFLOP a query, 4 MiB of weights, compute-bound. */
  static Kernel dense() {
    int features = 1024;
    GraphBuilder g = new GraphBuilder("tierbench calibration: dense " + features + "x" + features);
    int x = g.input("input", false, 1, features);
    int y = g.fullyConnected("dense", x, WEIGHTS.values("dense/weights", features * features, features, features,
        false), WEIGHTS.values("dense/bias", features, features, features, true), features, Activation.NONE);
    return of("dense", g.build(y), 32);
  }

  /** A 3×3 DEPTHWISE_CONV_2D layer over 56×56×128 (MobileNet's third stage): 7.2 MFLOP a sample. */
  static Kernel depthwise() {
    int size = 56;
    int channels = 128;
    GraphBuilder g = new GraphBuilder("tierbench calibration: depthwise 3x3 " + size + "x" + size + "x" + channels);
    int x = g.input("input", false, 1, size, size, channels);
    int y = g.depthwise("depthwise", x, WEIGHTS.values("depthwise/weights", 9 * channels, 9, channels, false),
        WEIGHTS.values("depthwise/bias", channels, 9, channels, true), 3, 1, Activation.NONE);
    return of("depthwise", g.build(y), 1);
  }

  private static Kernel of(String name, Graph graph, int batch) {
    byte[] tflite = TfliteWriter.write(graph);
    return new Kernel(name, tflite, ModelInspector.inspect(name, tflite).flops(), batch);
  }

  /** FLOPs of one query: the batch's samples. */
  double flopsPerQuery() {
    return (double) flopsPerSample * batch;
  }
}
