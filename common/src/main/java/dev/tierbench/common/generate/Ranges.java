package dev.tierbench.common.generate;

/** Range checks for generator parameters, with messages that give the allowed range. */
final class Ranges {

  private Ranges() {}

  static void check(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  static void check(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
