package dev.tierbench.common.protocol;

/** Argument checks for the wire records' validating constructors. */
final class Checks {

  private Checks() {}

  static String text(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }

  static long notNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }

  static int positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  static <T> T present(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must be present");
    }
    return value;
  }
}
