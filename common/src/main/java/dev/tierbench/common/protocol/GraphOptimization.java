package dev.tierbench.common.protocol;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** ONNX Runtime's graph optimization level (its SessionOptions' OptLevel), from none to all. */
public enum GraphOptimization {
  DISABLED,
  BASIC,
  EXTENDED,
  ALL;

  /** The name in sweep files and flags. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<GraphOptimization> byKey(String key) {
    return Arrays.stream(values()).filter(o -> o.key().equals(key)).findFirst();
  }
}
