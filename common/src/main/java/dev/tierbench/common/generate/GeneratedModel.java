package dev.tierbench.common.generate;

import java.util.Objects;

/**
 * A generated model as the file its parameters ask for, and the same model (graph, weights, quantization) as
 * TFLite, which its costs are read from: the file itself when that is TFLite, its twin when it is ONNX.
 */
public record GeneratedModel(byte[] file, byte[] tflite) {

  public GeneratedModel {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(tflite, "tflite");
  }
}
