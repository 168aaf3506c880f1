package dev.tierbench.common.model;

/**
 * Parameters and MACs of the MobileNet architectures, computed from their published layer tables (Howard et
 * al. 2017, Sandler et al. 2018) without reading any model file: the independent reference for inspect.
 * Batch-norm is folded into a bias per convolution, as in the TFLite files; the classifier has 1001 classes.
 */
final class MobileNets {

  record Count(long params, long macs) {}

  private static final int CLASSES = 1001;

  private MobileNets() {}

  /** MobileNet v1 with width multiplier {@code alpha} at {@code resolution}. */
  static Count v1(double alpha, int resolution) {
    int[] channels = {32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
    int[] strides = {2, 1, 2, 1, 2, 1, 2, 1, 1, 1, 1, 1, 2, 1};
    Counter c = new Counter();
    int size = ceilDiv(resolution, strides[0]);
    int in = (int) (channels[0] * alpha);
    c.conv(size, 3, 3, in);
    for (int i = 1; i < channels.length; i++) {
      size = ceilDiv(size, strides[i]);
      int out = (int) (channels[i] * alpha);
      c.depthwise(size, in, 3);
      c.conv(size, in, 1, out);
      in = out;
    }
    c.conv(1, in, 1, CLASSES);
    return c.count();
  }

  /** MobileNet v2 at width 1.0 and {@code resolution}: inverted residual blocks (t, c, n, s). */
  static Count v2(int resolution) {
    int[][] blocks = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2},
        {6, 320, 1, 1}};
    Counter c = new Counter();
    int size = ceilDiv(resolution, 2);
    int in = 32;
    c.conv(size, 3, 3, in);
    for (int[] block : blocks) {
      for (int repeat = 0; repeat < block[2]; repeat++) {
        int expanded = in * block[0];
        if (block[0] != 1) {
          c.conv(size, in, 1, expanded);
        }
        size = ceilDiv(size, repeat == 0 ? block[3] : 1);
        c.depthwise(size, expanded, 3);
        c.conv(size, expanded, 1, block[1]);
        in = block[1];
      }
    }
    c.conv(size, in, 1, 1280);
    c.conv(1, 1280, 1, CLASSES);
    return c.count();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static final class Counter {
    long params;
    long macs;

    /** A k×k convolution (or 1×1, or the classifier) producing an out-channel map of size×size, with bias. */
    void conv(int size, int in, int k, int out) {
      params += (long) k * k * in * out + out;
      macs += (long) size * size * k * k * in * out;
    }

    void depthwise(int size, int channels, int k) {
      params += (long) k * k * channels + channels;
      macs += (long) size * size * k * k * channels;
    }

    Count count() {
      return new Count(params, macs);
    }
  }
}
