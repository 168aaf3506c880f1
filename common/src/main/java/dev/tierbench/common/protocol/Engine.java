package dev.tierbench.common.protocol;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.tierbench.common.model.ModelFormat;

/**
 * The inference engines an agent can time a model with, each running one {@link ModelFormat}. {@code tflite} is
 * current TensorFlow Lite (the JavaCPP presets, x86_64 and arm64); {@code tflite-2.6} is DJL's TFLite 2.6.2, kept
 * so that results measured before current TFLite stay comparable; {@code onnxruntime} is ONNX Runtime's own jar.
 */
public enum Engine {
  TFLITE("tflite", "TFLite", ModelFormat.TFLITE),
  ONNXRUNTIME("onnxruntime", "ONNX Runtime", ModelFormat.ONNX),
  TFLITE_2_6("tflite-2.6", "TFLite", ModelFormat.TFLITE);

  private final String key;
  private final String product;
  private final ModelFormat format;

  Engine(String key, String product, ModelFormat format) {
    this.key = key;
    this.product = product;
    this.format = format;
  }

  /** The name in sweep files, flags and results: {@code tflite}, {@code onnxruntime}, {@code tflite-2.6}. */
  public String key() {
    return key;
  }

  /** The runtime's own name, before its version: "TFLite 2.20.0", "ONNX Runtime 1.29.0". */
  public String product() {
    return product;
  }

  /** The kind of model file it runs. */
  public ModelFormat format() {
    return format;
  }

  /** Whether it runs on TFLite's interpreter, where XNNPACK applies. */
  public boolean tflite() {
    return format == ModelFormat.TFLITE;
  }

  public static Optional<Engine> byKey(String key) {
    return Arrays.stream(values()).filter(e -> e.key.equals(key)).findFirst();
  }

  /** The keys, comma-separated, for messages. */
  public static String keys() {
    return Arrays.stream(values()).map(Engine::key).collect(Collectors.joining(", "));
  }
}
