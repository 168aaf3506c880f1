package dev.tierbench.coordinator.analysis;

/**
 * A whole-number setting and the range it may take, so that the runs API's query and the analysing commands'
 * flags refuse the same values in the same words, naming the setting and its range.
 */
public record Bounded(String name, long min, long max) {

  public Bounded {
    if (min > max) {
      throw new IllegalArgumentException(name + ": min " + min + " is above max " + max);
    }
  }

  /**
   * The value, when in range.
   *
   * @throws IllegalArgumentException naming the setting, its range and the value
   */
  public long check(long value) {
    if (!holds(value)) {
      throw refusal(Long.toString(value));
    }
    return value;
  }

  /**
   * The value written in {@code text} (surrounding blanks ignored), when a whole number in range.
   *
   * @throws IllegalArgumentException naming the setting, its range and the text as written
   */
  public long parse(String text) {
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw refusal("'" + text + "'");
    }
    if (!holds(value)) {
      throw refusal("'" + text + "'");
    }
    return value;
  }

  private boolean holds(long value) {
    return value >= min && value <= max;
  }

  private IllegalArgumentException refusal(String got) {
    return new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got " + got);
  }
}
