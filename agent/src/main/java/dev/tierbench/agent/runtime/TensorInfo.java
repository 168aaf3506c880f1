package dev.tierbench.agent.runtime;

import java.util.Arrays;

/**
 * A model input or output as the engine sees it after any resize: name, element type and shape, and for a
 * quantized tensor how its integers map to reals (real = scale × (q − zeroPoint); scale 0 when not quantized).
 */
public record TensorInfo(String name, String type, int[] shape, float scale, int zeroPoint) {

  public TensorInfo {
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** How many values it holds: the product of its shape. */
  public long elements() {
    return Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t && name.equals(t.name) && type.equals(t.type) && Arrays.equals(shape, t.shape)
        && Float.compare(scale, t.scale) == 0 && zeroPoint == t.zeroPoint;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + ":" + type + Arrays.toString(shape);
  }
}
