package dev.tierbench.common.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the sizes used in configs: a count of bytes, or one with a binary unit: {@code 512MiB}, {@code 2GiB}. */
public final class ByteSizes {

  private static final Pattern FORMAT = Pattern.compile("(\\d{1,18})\\s*(B|KiB|MiB|GiB|TiB)?");

  private ByteSizes() {}

  /** @throws IllegalArgumentException naming the accepted format */
  public static long parse(String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size: write a number of bytes, or one with a unit,"
          + " e.g. 4096, 512MiB, 2GiB");
    }
    int shift = switch (m.group(2) == null ? "B" : m.group(2)) {
      case "KiB" -> 10;
      case "MiB" -> 20;
      case "GiB" -> 30;
      case "TiB" -> 40;
      default -> 0;
    };
    long amount = Long.parseLong(m.group(1));
    if (amount > Long.MAX_VALUE >> shift) {
      throw new IllegalArgumentException("'" + text + "' is more bytes than tierbench counts");
    }
    return amount << shift;
  }
}
