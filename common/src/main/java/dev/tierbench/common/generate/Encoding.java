package dev.tierbench.common.generate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.tensorflow.lite.schema.TensorType;

/**
 * How a tensor is stored: float32, int32, or int8 with an affine quantization (per tensor, or per channel
 * along {@code axis}): real = scale × (q − zeroPoint). Biases of int8 layers are int32 with zero point 0. An ONNX
 * model stores its int8 activations as uint8 ({@link #unsigned}).
 */
public record Encoding(byte type, float[] scales, long[] zeroPoints, int axis) {

  public static final Encoding FLOAT32 = new Encoding(TensorType.FLOAT32, null, null, 0);
  public static final Encoding INT32 = new Encoding(TensorType.INT32, null, null, 0);

  /** How an unquantized model stores a tensor: int32 where the graph says integer, else float32. */
  public static Encoding unquantized(Graph.Tensor t) {
    return t.integer() ? INT32 : FLOAT32;
  }

  public boolean quantized() {
    return scales != null;
  }

  /** Whether there is one scale per channel rather than one for the whole tensor. */
  public boolean perChannel() {
    return quantized() && scales.length > 1;
  }

  /** The same quantization stored as uint8: every zero point 128 higher, so that each value stays where it was. */
  public Encoding unsigned() {
    long[] shifted = new long[zeroPoints.length];
    for (int c = 0; c < shifted.length; c++) {
      shifted[c] = zeroPoints[c] + 128;
    }
    return new Encoding(TensorType.UINT8, scales, shifted, axis);
  }

  /** The same quantization of the same values laid out with their channels along {@code axis} instead. */
  public Encoding alongAxis(int axis) {
    return new Encoding(type, scales, zeroPoints, axis);
  }

  /** Asymmetric int8 over [min, max], widened to include 0 so that zero is exact. */
  public static Encoding int8(double min, double max) {
    return int8(min, max, 0);
  }

  /** The same with a scale of at least {@code minScale} (the range widened above). */
  public static Encoding int8(double min, double max, double minScale) {
    double lo = Math.min(min, 0);
    double hi = Math.max(max, 0);
    double scale = Math.max(hi > lo ? (hi - lo) / 255 : 1e-8, minScale);
    long zeroPoint = Math.max(-128, Math.min(127, Math.round(-128 - lo / scale)));
    return new Encoding(TensorType.INT8, new float[] {(float) scale}, new long[] {zeroPoint}, 0);
  }

  /** An int8 encoding a kernel imposes on its output, e.g. 1/256 and −128 for LOGISTIC and SOFTMAX. */
  public static Encoding int8Fixed(float scale, long zeroPoint) {
    return new Encoding(TensorType.INT8, new float[] {scale}, new long[] {zeroPoint}, 0);
  }

  /** Symmetric int8 (zero point 0), one scale per slice along {@code axis}, or one for all when axis is −1. */
  public static Encoding int8Symmetric(float[] values, int[] shape, int axis) {
    int channels = axis < 0 ? 1 : shape[axis];
    float[] maxAbs = new float[channels];
    for (int i = 0; i < values.length; i++) {
      int c = channel(i, shape, axis);
      maxAbs[c] = Math.max(maxAbs[c], Math.abs(values[i]));
    }
    float[] scales = new float[channels];
    for (int c = 0; c < channels; c++) {
      scales[c] = maxAbs[c] > 0 ? maxAbs[c] / 127 : 1e-8f;
    }
    return new Encoding(TensorType.INT8, scales, new long[channels], Math.max(axis, 0));
  }

  /** int32 biases of an int8 layer: scale = input scale × weight scale, per output channel. */
  public static Encoding int32Bias(float inputScale, float[] weightScales) {
    float[] scales = new float[weightScales.length];
    for (int c = 0; c < scales.length; c++) {
      scales[c] = inputScale * weightScales[c];
    }
    return new Encoding(TensorType.INT32, scales, new long[scales.length], 0);
  }

  /** A constant's values stored in this encoding, little-endian. */
  public byte[] encode(float[] values, int[] shape) {
    boolean wide = type == TensorType.INT32 || type == TensorType.FLOAT32;
    ByteBuffer out = ByteBuffer.allocate(values.length * (wide ? 4 : 1)).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; i++) {
      if (type == TensorType.FLOAT32) {
        out.putFloat(values[i]);
      } else if (!quantized()) {
        out.putInt((int) values[i]);
      } else {
        int c = scales.length == 1 ? 0 : channel(i, shape, axis);
        long q = Math.round(values[i] / scales[c]) + zeroPoints[c];
        if (type == TensorType.INT8) {
          out.put((byte) Math.max(-128, Math.min(127, q)));
        } else if (type == TensorType.UINT8) {
          out.put((byte) Math.max(0, Math.min(255, q)));
        } else {
          out.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, q)));
        }
      }
    }
    return out.array();
  }

  /** The index along {@code axis} of flat element {@code i} in {@code shape} (0 when axis is −1). */
  private static int channel(int i, int[] shape, int axis) {
    if (axis < 0) {
      return 0;
    }
    int inner = 1;
    for (int d = axis + 1; d < shape.length; d++) {
      inner *= shape[d];
    }
    return (i / inner) % shape[axis];
  }
}
