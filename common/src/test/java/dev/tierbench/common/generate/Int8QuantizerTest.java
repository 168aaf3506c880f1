package dev.tierbench.common.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** What one calibration decides, for both engines' models. */
class Int8QuantizerTest {

  private static List<float[]> gaussian(Graph graph, int count) {
    Random random = new Random(1);
    List<float[]> samples = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      float[] x = new float[graph.tensor(graph.input()).elements()];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) random.nextGaussian();
      }
      samples.add(x);
    }
    return samples;
  }

  @Test
  void aFusedRelu6OutputIsQuantizedOverZeroToAtMostSix() {
    Graph graph = Generators.build("cnn", Map.of("depth", "0.25", "width", "0.25", "resolution", "32", "activation",
        "relu6"));
    Int8Quantizer.Int8Model int8 = Int8Quantizer.quantize(graph, gaussian(graph, 8));
    int fused = 0;
    for (Graph.Operation op : graph.operations()) {
      if (op.activation() == Activation.RELU6) {
        Encoding e = int8.encodings().get(op.output());
        assertEquals(-128, e.zeroPoints()[0], graph.tensor(op.output()).name() + ": zero at the bottom of the range");
        assertTrue(e.scales()[0] * 255 <= 6 + 1e-6, graph.tensor(op.output()).name() + ": at most 6, scale "
            + e.scales()[0]);
        fused++;
      }
    }
    assertTrue(fused > 10, "relu6 layers: " + fused);
  }

  /**
   * An integer kernel rescales a product (convolution, dense layer, multiplication) by its inputs' scales over its
   * output's: XNNPACK cannot below 1/256 of that, and refuses the whole model. A ReLU6 that never fires on the
   * calibration samples (this cnn's squeeze-excitation has some) must still get a scale a kernel can rescale to.
   */
  @Test
  void everyProductCanBeRescaledByAnIntegerKernel() {
    Graph graph = Generators.build("cnn", Map.of("depth", "0.3", "width", "0.25", "resolution", "32", "classes", "4",
        "activation", "relu6", "seed", "3"));
    Int8Quantizer.Int8Model int8 = Int8Quantizer.quantize(graph, gaussian(graph, 32));
    int products = 0;
    for (Graph.Operation op : graph.operations()) {
      if (op.op() == Op.CONV_2D || op.op() == Op.DEPTHWISE_CONV_2D || op.op() == Op.FULLY_CONNECTED
          || op.op() == Op.MUL) {
        double in = int8.encodings().get(op.inputs()[0]).scales()[0];
        double other = 0;
        for (float scale : int8.encodings().get(op.inputs()[1]).scales()) {
          other = Math.max(other, scale);
        }
        double out = int8.encodings().get(op.output()).scales()[0];
        assertTrue(in * other / out < 256, graph.tensor(op.output()).name() + ": rescaled by " + in * other / out);
        products++;
      }
    }
    assertTrue(products > 30, "products: " + products);
  }

  /** Both writers ask for any tensor's encoding, constants (shapes, scalars, tables) included. */
  @Test
  void everyTensorHasItsEncoding() {
    Graph graph = Generators.build("encoder", Map.of("layers", "1", "hidden", "16", "sequence", "4"));
    List<float[]> tokens = List.of(new float[] {1, 2, 3, 4}, new float[] {5, 6, 7, 8});
    Int8Quantizer.Int8Model int8 = Int8Quantizer.quantize(graph, tokens);
    for (Graph.Tensor t : graph.tensors()) {
      assertTrue(int8.encodings().containsKey(t.id()), t.name());
    }
  }
}
