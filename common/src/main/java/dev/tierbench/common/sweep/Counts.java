package dev.tierbench.common.sweep;

/**
 * Arithmetic on the sizes of a sweep (points, trials, tasks) that saturates at {@link Long#MAX_VALUE} instead of
 * wrapping: a product of a few long axis lists must read as "too many", never as a small or negative number.
 */
public final class Counts {

  private Counts() {}

  public static long times(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  public static long plus(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }
}
