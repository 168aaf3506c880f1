package dev.tierbench.coordinator.store;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Per-sample arrays (confusion counts, predictions, targets, residuals) as the database keeps them: numbers
 * separated by spaces, empty for none. Exact (Float.toString round-trips) and compact enough for held-out sets.
 */
final class ArrayText {

  private ArrayText() {}

  static String ints(int[] values) {
    return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(" "));
  }

  static int[] ints(String text) {
    return text.isBlank() ? new int[0] : Arrays.stream(text.split(" ")).mapToInt(Integer::parseInt).toArray();
  }

  static String floats(float[] values) {
    StringBuilder text = new StringBuilder();
    for (float v : values) {
      text.append(text.length() == 0 ? "" : " ").append(v);
    }
    return text.toString();
  }

  static float[] floats(String text) {
    if (text.isBlank()) {
      return new float[0];
    }
    String[] parts = text.split(" ");
    float[] values = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Float.parseFloat(parts[i]);
    }
    return values;
  }
}
