package dev.tierbench.common.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.model.ModelInspector;
import dev.tierbench.common.model.ModelSummary;

/** FLOPs grow along each scaling axis the way the architecture says; bad parameters name their range. */
class ScalingTest {

  private static ModelSummary inspect(Graph graph) {
    return ModelInspector.inspect("generated", TfliteWriter.write(graph));
  }

  private static ModelSummary cnn(double depth, double width, int resolution) {
    CnnSpec spec = new CnnSpec(depth, width, resolution, 3, 10, true, Activation.SWISH, 1);
    ModelSummary summary = inspect(CnnFamily.build(spec, new SeededWeights(1, true)));
    assertEquals(spec.macs(), summary.macs(), "inspect agrees with the architecture");
    return summary;
  }

  private static void assertIncreasing(List<Long> values, String axis) {
    for (int i = 1; i < values.size(); i++) {
      assertTrue(values.get(i) > values.get(i - 1), axis + ": FLOPs must grow, got " + values);
    }
  }

  @Test
  void cnnFlopsGrowQuadraticallyWithResolution() {
    List<Long> flops = new ArrayList<>();
    for (int resolution : new int[] {32, 64, 128}) {
      flops.add(cnn(0.5, 0.5, resolution).flops());
    }
    assertIncreasing(flops, "resolution");
    double ratio = (double) flops.get(2) / flops.get(1);
    // Convolutions scale with pixels (x4 per doubling); only the squeeze-excite and classifier do not.
    assertTrue(ratio > 3.6 && ratio < 4.0, "doubling the resolution multiplies FLOPs by " + ratio);
  }

  @Test
  void cnnFlopsGrowWithDepthAndWidth() {
    List<Long> byDepth = new ArrayList<>();
    for (double depth : new double[] {0.5, 1.0, 2.0}) {
      byDepth.add(cnn(depth, 0.5, 64).flops());
    }
    assertIncreasing(byDepth, "depth");
    List<Long> byWidth = new ArrayList<>();
    for (double width : new double[] {0.5, 1.0, 2.0}) {
      byWidth.add(cnn(0.5, width, 64).flops());
    }
    assertIncreasing(byWidth, "width");
    double ratio = (double) byWidth.get(2) / byWidth.get(1);
    // 1x1 convolutions dominate and scale with in x out channels; depthwise ones only with channels.
    assertTrue(ratio > 3.0 && ratio < 4.2, "doubling the width multiplies FLOPs by " + ratio);
  }

  @Test
  void compoundScalingFollowsEfficientNet() {
    CnnSpec b0 = CnnSpec.compound(0, 224, 3, 1000, true, Activation.SWISH, 1);
    assertEquals(224, b0.resolution());
    // EfficientNet-B0: 5.3M parameters, 0.39 billion multiply-adds.
    ModelSummary summary = inspect(CnnFamily.build(b0, new SeededWeights(1, true)));
    assertTrue(Math.abs(summary.parameters() - 5.3e6) / 5.3e6 < 0.02, summary.parameters() + " params");
    assertTrue(Math.abs(summary.macs() - 0.39e9) / 0.39e9 < 0.02, summary.macs() + " MACs");
    CnnSpec phi2 = CnnSpec.compound(2, 224, 3, 1000, true, Activation.SWISH, 1);
    assertEquals(Math.pow(1.2, 2), phi2.depth(), 1e-12);
    assertEquals(Math.pow(1.1, 2), phi2.width(), 1e-12);
    assertEquals(296, phi2.resolution());
    assertTrue(phi2.macs() > b0.macs());
    CnnSpec small = CnnSpec.compound(2, 0.25, 0.5, 32, 1, 10, true, Activation.SWISH, 1);
    assertEquals(0.25 * Math.pow(1.2, 2), small.depth(), 1e-12, "phi scales the base network it is given");
    assertEquals(0.5 * Math.pow(1.1, 2), small.width(), 1e-12);
    assertEquals(42, small.resolution());
  }

  @Test
  void mlpFlopsGrowWithDepthAndWidth() {
    List<Long> byDepth = new ArrayList<>();
    for (int depth : new int[] {1, 2, 4, 8}) {
      MlpSpec spec = new MlpSpec(10, 1, depth, 64, Activation.RELU, false, 1);
      byDepth.add(inspect(MlpFamily.build(spec, new SeededWeights(1, true))).flops());
    }
    assertIncreasing(byDepth, "depth");
    // Each extra hidden layer adds width^2 MACs, 2 FLOPs each.
    assertEquals(2L * 64 * 64 * 4, byDepth.get(3) - byDepth.get(2));
    List<Long> byWidth = new ArrayList<>();
    for (int width : new int[] {16, 32, 64}) {
      MlpSpec spec = new MlpSpec(10, 1, 3, width, Activation.RELU, false, 1);
      byWidth.add(inspect(MlpFamily.build(spec, new SeededWeights(1, true))).flops());
    }
    assertIncreasing(byWidth, "width");
  }

  @Test
  void encoderFlopsGrowWithLayersHiddenSizeAndSequenceLength() {
    List<Long> byLayers = new ArrayList<>();
    for (int layers : new int[] {1, 2, 4}) {
      byLayers.add(encoder(layers, 32, 16).flops());
    }
    assertIncreasing(byLayers, "layers");
    List<Long> byHidden = new ArrayList<>();
    for (int hidden : new int[] {16, 32, 64}) {
      byHidden.add(encoder(2, hidden, 16).flops());
    }
    assertIncreasing(byHidden, "hidden");
    List<Long> bySequence = new ArrayList<>();
    for (int sequence : new int[] {16, 32, 48}) {
      bySequence.add(encoder(2, 32, sequence).macs());
    }
    assertIncreasing(bySequence, "sequence");
    // Attention scores and context are quadratic in the sequence (2 x s^2 x hidden MACs per layer), the rest
    // linear: the second difference over s = 16, 32, 48 is layers x 2 x hidden x (48^2 - 2 x 32^2 + 16^2).
    long second = bySequence.get(2) - 2 * bySequence.get(1) + bySequence.get(0);
    assertEquals(2L * 2 * 32 * (48 * 48 - 2 * 32 * 32 + 16 * 16), second);
  }

  private static ModelSummary encoder(int layers, int hidden, int sequence) {
    EncoderSpec spec = new EncoderSpec(100, sequence, layers, hidden, 4, 4 * hidden, 2, Activation.GELU, 1);
    ModelSummary summary = inspect(EncoderFamily.build(spec, new SeededWeights(1, false)));
    assertEquals(spec.macs(), summary.macs(), "inspect agrees with the architecture");
    return summary;
  }

  @Test
  void badParametersNameTheirRange() {
    assertEquals("heads must divide hidden: hidden 64 is not a multiple of 5 heads",
        assertThrows(IllegalArgumentException.class,
            () -> new EncoderSpec(100, 16, 2, 64, 5, 256, 2, Activation.GELU, 1)).getMessage());
    assertEquals("depth must be between 1 and 256, got 0",
        assertThrows(IllegalArgumentException.class, () -> new MlpSpec(4, 2, 0, 8, Activation.RELU, true, 1))
            .getMessage());
    assertEquals("width must be between 1 and 65536, got -3",
        assertThrows(IllegalArgumentException.class, () -> new MlpSpec(4, 2, 1, -3, Activation.RELU, true, 1))
            .getMessage());
    assertEquals("resolution must be between 32 and 1024, got 16",
        assertThrows(IllegalArgumentException.class, () -> new CnnSpec(1, 1, 16, 3, 10, true, Activation.SWISH, 1))
            .getMessage());
    assertEquals("width must be between 0.1 and 10.0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new CnnSpec(1, 0, 64, 3, 10, true, Activation.SWISH, 1))
            .getMessage());
    assertEquals("activation must be swish or relu6, got gelu",
        assertThrows(IllegalArgumentException.class, () -> new CnnSpec(1, 1, 64, 3, 10, true, Activation.GELU, 1))
            .getMessage());
  }

  @Test
  void theSameSpecAndSeedGiveTheSameModelAndAnotherSeedAnother() {
    CnnSpec spec = new CnnSpec(0.3, 0.25, 32, 3, 10, true, Activation.SWISH, 5);
    byte[] first = TfliteWriter.write(CnnFamily.build(spec, new SeededWeights(5, true)));
    byte[] again = TfliteWriter.write(CnnFamily.build(spec, new SeededWeights(5, true)));
    byte[] other = TfliteWriter.write(CnnFamily.build(spec, new SeededWeights(6, true)));
    assertTrue(java.util.Arrays.equals(first, again));
    assertTrue(!java.util.Arrays.equals(first, other));
  }
}
