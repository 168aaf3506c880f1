package dev.tierbench.common.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.model.ModelInspector;
import dev.tierbench.common.model.ModelSummary;
import dev.tierbench.common.model.OperatorCost;

/** Small generated graphs whose costs are worked out by hand, operator by operator. */
class HandComputedTest {

  private static float[] zeros(int n) {
    return new float[n];
  }

  @Test
  void aConvolutionADepthwiseConvolutionAPoolAndADenseLayer() {
    GraphBuilder g = new GraphBuilder("hand");
    int x = g.input("image", false, 1, 8, 8, 3);
    // 3x3 convolution, stride 2, SAME: 8x8x3 -> 4x4x4.
    x = g.conv2d("conv", x, zeros(4 * 3 * 3 * 3), zeros(4), 4, 3, 2, Activation.RELU);
    // 5x5 depthwise, stride 1: 4x4x4 -> 4x4x4.
    x = g.depthwise("dw", x, zeros(5 * 5 * 4), zeros(4), 5, 1, Activation.NONE);
    x = g.activation("dw", x, Activation.SWISH);
    x = g.mean("pool", x, 1, 2);
    x = g.reshape("flat", x, 1, 4);
    x = g.fullyConnected("fc", x, zeros(3 * 4), zeros(3), 3, Activation.NONE);
    ModelSummary s = ModelInspector.inspect("hand", TfliteWriter.write(g.build(g.softmax("p", x))));

    assertEquals(java.util.List.of("CONV_2D", "DEPTHWISE_CONV_2D", "LOGISTIC", "MUL", "MEAN", "RESHAPE",
        "FULLY_CONNECTED", "SOFTMAX"), s.operators().stream().map(OperatorCost::op).toList());
    long conv = 4 * 4 * 4 * (3 * 3 * 3);
    long depthwise = 4 * 4 * 4 * (5 * 5);
    long fc = 4 * 3;
    assertEquals(conv + depthwise + fc, s.macs());
    long swish = 2 * (4 * 4 * 4);
    long mean = 4 * 4 * 4;
    long softmax = 3;
    assertEquals(2 * (conv + depthwise + fc) + swish + mean + softmax, s.flops());
    assertEquals((4 * 27 + 4) + (25 * 4 + 4) + (12 + 3), s.parameters(), "the shape and axes constants are not");
    assertEquals("float32", s.quantization());
    // Peak: the first convolution holds its input (8x8x3 floats) and its output (4x4x4 floats); later steps hold
    // at most three 4x4x4 tensors (the swish's input, sigmoid and product).
    assertEquals((8 * 8 * 3 + 4 * 4 * 4) * 4, s.peakActivationBytes());
  }
}
