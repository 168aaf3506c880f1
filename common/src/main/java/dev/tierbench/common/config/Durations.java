package dev.tierbench.common.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the human durations used in configs and sweep files: {@code 500ms}, {@code 2s}, {@code 1.5m}, {@code 1h}. */
public final class Durations {

  private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

  /** The longest duration any setting takes: a week, longer than any timeout or measurement means. */
  public static final Duration MAX = Duration.ofDays(7);

  private Durations() {}

  /** @throws IllegalArgumentException naming the accepted format */
  public static Duration parse(String text) {
    if (text.trim().equals("0")) {
      return Duration.ZERO; // zero needs no unit (e.g. --sample-interval 0)
    }
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: write a number and a unit, e.g. 500ms, 2s, 1.5m, 1h");
    }
    double amount = Double.parseDouble(m.group(1));
    double millis = switch (m.group(2)) {
      case "ms" -> amount;
      case "s" -> amount * 1_000;
      case "m" -> amount * 60_000;
      default -> amount * 3_600_000;
    };
    // Past this, the nanoseconds would saturate (99999999999999999999s became 292 years, a run that never ends).
    if (millis > MAX.toMillis()) {
      throw new IllegalArgumentException("'" + text + "' is longer than " + format(MAX) + ", the longest duration"
          + " tierbench takes");
    }
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }

  /** Shortest exact form: 1500 ms prints as {@code 1500ms}, 2000 ms as {@code 2s}. */
  public static String format(Duration d) {
    if (d.toNanos() % 1_000_000 != 0) {
      return java.math.BigDecimal.valueOf(d.toNanos(), 6).stripTrailingZeros().toPlainString() + "ms";
    }
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }
}
