package dev.tierbench.common.model;

import java.util.Map;
import java.util.Optional;

/**
 * How an int8 input or output of a generated ONNX model maps to reals: real = scale × (q − zeroPoint). ONNX states
 * it only on the model's QuantizeLinear and DequantizeLinear nodes, which ONNX Runtime does not show its callers, so
 * the generator also writes it into the model's metadata, one entry per tensor, where the agent reads it to quantize
 * what it feeds and dequantize what it reads, as TFLite's tensor parameters let it do for a TFLite model.
 */
public record OnnxQuantization(float scale, int zeroPoint) {

  private static final String PREFIX = "tierbench.quantization.";

  public OnnxQuantization {
    if (!(scale > 0) || Float.isInfinite(scale)) {
      throw new IllegalArgumentException("a quantization scale must be positive and finite, got " + scale);
    }
    if (zeroPoint < -128 || zeroPoint > 255) {
      throw new IllegalArgumentException("an 8-bit zero point lies in -128..255, got " + zeroPoint);
    }
  }

  /** The metadata key of graph input or output {@code tensor}. */
  public static String key(String tensor) {
    return PREFIX + tensor;
  }

  /** The metadata value: scale and zero point, as Java prints them (the scale reads back exactly). */
  public String value() {
    return scale + " " + zeroPoint;
  }

  /**
   * The quantization {@code metadata} states for {@code tensor}, if any.
   *
   * @throws IllegalArgumentException for an entry that is not a scale and a zero point
   */
  public static Optional<OnnxQuantization> of(Map<String, String> metadata, String tensor) {
    String value = metadata.get(key(tensor));
    if (value == null) {
      return Optional.empty();
    }
    String[] parts = value.trim().split(" ");
    try {
      if (parts.length == 2) {
        return Optional.of(new OnnxQuantization(Float.parseFloat(parts[0]), Integer.parseInt(parts[1])));
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(key(tensor) + " must be a scale and a zero point, got '" + value + "'");
  }
}
