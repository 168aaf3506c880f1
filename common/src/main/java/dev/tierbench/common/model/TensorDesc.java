package dev.tierbench.common.model;

import java.util.Arrays;

/**
 * A tensor of a model's graph as inspect reports it.
 *
 * @param signature the shape as declared with -1 for dynamic dimensions (TFLite's shape_signature); empty when the
 *     model declares none
 * @param constant true for weights and other tensors whose data is stored in the model
 * @param bytes the tensor's size: element count times element size
 * @param scale the quantization scale (first channel), 0 when not quantized
 */
public record TensorDesc(int index, String name, String type, int[] shape, int[] signature, boolean constant,
    long bytes, float scale, long zeroPoint) {

  public TensorDesc {
    shape = shape.clone();
    signature = signature.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public int[] signature() {
    return signature.clone();
  }

  public long elements() {
    return elements(shape);
  }

  public static long elements(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= Math.max(d, 1);
    }
    return n;
  }

  public boolean quantized() {
    return scale != 0;
  }

  /** {@code type[d0,d1,...]}, e.g. {@code float32[1,224,224,3]}. */
  public String describe() {
    return type + Arrays.toString(shape).replace(" ", "");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorDesc t && index == t.index && name.equals(t.name) && type.equals(t.type)
        && Arrays.equals(shape, t.shape) && Arrays.equals(signature, t.signature) && constant == t.constant && bytes == t.bytes
        && Float.compare(scale, t.scale) == 0 && zeroPoint == t.zeroPoint;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + name.hashCode() + index;
  }

  @Override
  public String toString() {
    return "#" + index + " " + name + " " + describe();
  }
}
