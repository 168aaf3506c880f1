package dev.tierbench.common.protocol;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where ONNX Runtime executes a model: its CPU provider, or CUDA on an NVIDIA GPU (the onnxruntime_gpu build). */
public enum Provider {
  CPU,
  CUDA;

  /** The name in sweep files and flags. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Provider> byKey(String key) {
    return Arrays.stream(values()).filter(p -> p.key().equals(key)).findFirst();
  }
}
