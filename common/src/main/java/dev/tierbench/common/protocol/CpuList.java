package dev.tierbench.common.protocol;

import java.util.regex.Pattern;

/**
 * A CPU list as {@code taskset -c} writes it ({@code 0}, {@code 0,2}, {@code 0-3}), checked where it is written:
 * a list no machine can have ({@code 0-1000000000}) must fail there, not on every agent that tries to pin to it.
 */
public final class CpuList {

  /** The highest CPU number Linux can give (NR_CPUS is at most 8192, with MAXSMP). */
  public static final int MAX_CPU = 8191;
  private static final Pattern FORMAT = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");

  private CpuList() {}

  /**
   * @param cpus a non-empty CPU list
   * @throws IllegalArgumentException whose message completes "VALUE " ("must be a CPU list such as ...")
   */
  public static void check(String cpus) {
    if (!FORMAT.matcher(cpus).matches()) {
      throw new IllegalArgumentException("must be a CPU list such as 0, \"0,2\" or 0-3, got '" + cpus + "'");
    }
    for (String part : cpus.split(",")) {
      String[] ends = part.split("-");
      long first = number(ends[0], cpus);
      long last = number(ends[ends.length - 1], cpus);
      if (last < first) {
        throw new IllegalArgumentException("must list CPU ranges low to high, got '" + part + "' in '" + cpus + "'");
      }
    }
  }

  private static long number(String digits, String cpus) {
    // More digits than MAX_CPU has is too high whatever they say, and would not fit a long.
    long n = digits.length() > 4 ? Long.MAX_VALUE : Long.parseLong(digits);
    if (n > MAX_CPU) {
      throw new IllegalArgumentException("must name CPUs 0 to " + MAX_CPU + " (the most Linux numbers), got '"
          + digits + "' in '" + cpus + "'");
    }
    return n;
  }
}
