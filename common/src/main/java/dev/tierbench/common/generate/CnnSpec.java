package dev.tierbench.common.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * An EfficientNet-style CNN: a stride-2 stem, seven stages of MBConv blocks (1×1 expand, k×k depthwise,
 * optional squeeze-excitation, 1×1 project, residual when shapes allow), a 1×1 head, global average pooling
 * and a classifier; batch-norm folded into biases. The B0 layout scaled by depth and width multipliers (repeats
 * rounded up, channels rounded to multiples of 8) at a given input resolution.
 *
 * @param activation SWISH as EfficientNet, or RELU6 as EfficientNet-Lite, which integer hardware runs fused into
 *     each convolution where swish costs a LOGISTIC and a MUL of its own
 */
public record CnnSpec(double depth, double width, int resolution, int inputChannels, int classes,
    boolean squeezeExcite, Activation activation, long seed) {

  /** EfficientNet's compound-scaling constants. */
  public static final double ALPHA = 1.2;
  public static final double BETA = 1.1;
  public static final double GAMMA = 1.15;
  /** Five stride-2 stages: the input must be at least this wide to reach the head at 1×1 or more. */
  public static final int MIN_RESOLUTION = 32;
  public static final int MAX_RESOLUTION = 1024;

  /** (expand ratio, output channels, repeats, stride, kernel) of the B0 stages. */
  static final int[][] STAGES = {
      {1, 16, 1, 1, 3}, {6, 24, 2, 2, 3}, {6, 40, 2, 2, 5}, {6, 80, 3, 2, 3}, {6, 112, 3, 1, 5}, {6, 192, 4, 2, 5},
      {6, 320, 1, 1, 3}};
  static final int STEM = 32;
  static final int HEAD = 1280;
  static final double SE_RATIO = 0.25;

  public CnnSpec {
    Ranges.check("depth", depth, 0.1, 10.0);
    Ranges.check("width", width, 0.1, 10.0);
    Ranges.check("resolution", resolution, MIN_RESOLUTION, MAX_RESOLUTION);
    Ranges.check("channels", inputChannels, 1, 4);
    Ranges.check("classes", classes, 1, 100_000);
    if (activation != Activation.SWISH && activation != Activation.RELU6) {
      throw new IllegalArgumentException("activation must be swish or relu6, got "
          + (activation == null ? null : activation.name().toLowerCase(java.util.Locale.ROOT)));
    }
  }

  /** Compound scaling with coefficient φ from B0 at a base resolution: depth α^φ, width β^φ, resolution γ^φ. */
  public static CnnSpec compound(double phi, int baseResolution, int inputChannels, int classes,
      boolean squeezeExcite, Activation activation, long seed) {
    return compound(phi, 1.0, 1.0, baseResolution, inputChannels, classes, squeezeExcite, activation, seed);
  }

  /**
   * Compound scaling from a smaller (or larger) base network than B0: depth baseDepth·α^φ, width baseWidth·β^φ,
   * resolution baseResolution·γ^φ, as one scales a network that suits a small dataset and a small device.
   */
  public static CnnSpec compound(double phi, double baseDepth, double baseWidth, int baseResolution,
      int inputChannels, int classes, boolean squeezeExcite, Activation activation, long seed) {
    Ranges.check("phi", phi, 0, 8);
    return new CnnSpec(baseDepth * Math.pow(ALPHA, phi), baseWidth * Math.pow(BETA, phi),
        (int) Math.round(baseResolution * Math.pow(GAMMA, phi)), inputChannels, classes, squeezeExcite, activation,
        seed);
  }

  /** EfficientNet's channel rounding: to a multiple of 8, never more than 10 % below the scaled value. */
  int channels(int base) {
    double scaled = base * width;
    int rounded = Math.max(8, (int) (scaled + 4) / 8 * 8);
    return rounded < 0.9 * scaled ? rounded + 8 : rounded;
  }

  int repeats(int base) {
    return (int) Math.ceil(depth * base);
  }

  /** Every block of the network in order. */
  List<Block> blocks() {
    List<Block> blocks = new ArrayList<>();
    int in = channels(STEM);
    for (int[] stage : STAGES) {
      int out = channels(stage[1]);
      for (int r = 0; r < repeats(stage[2]); r++) {
        int seChannels = Math.max(1, (int) (in * SE_RATIO));
        blocks.add(new Block(in, in * stage[0], out, r == 0 ? stage[3] : 1, stage[4], stage[0], seChannels));
        in = out;
      }
    }
    return blocks;
  }

  /** One MBConv block. */
  record Block(int in, int expanded, int out, int stride, int kernel, int expandRatio, int seChannels) {
    boolean residual() {
      return stride == 1 && in == out;
    }
  }

  /** Multiply-accumulates of one sample, from the architecture alone. */
  public long macs() {
    long macs = 0;
    int size = GraphBuilder.same(resolution, 2);
    macs += (long) size * size * 3 * 3 * inputChannels * channels(STEM);
    for (Block b : blocks()) {
      if (b.expandRatio() != 1) {
        macs += (long) size * size * b.in() * b.expanded();
      }
      size = GraphBuilder.same(size, b.stride());
      macs += (long) size * size * b.kernel() * b.kernel() * b.expanded();
      if (squeezeExcite) {
        macs += 2L * b.expanded() * b.seChannels();
      }
      macs += (long) size * size * b.expanded() * b.out();
    }
    int last = blocks().get(blocks().size() - 1).out();
    macs += (long) size * size * last * channels(HEAD);
    macs += (long) channels(HEAD) * classes;
    return macs;
  }
}
