package dev.tierbench.common.sweep;

/**
 * A sweep's {@code adaptive:} section: instead of every task of the grid, measure an initial set spread over it, then
 * only the variants whose measurement may change a tier's frontier, until none may (each is Pareto-optimal with
 * probability below {@code stopBelow}) or the budget is spent. The rest are predicted, and reported as such.
 *
 * @param budget at most this many of the grid's tasks are measured
 * @param initial how many variants (a share of them, or a count) are measured once before the first fit, spread over
 *     the grid
 * @param seed the random seed of the initial set's first variant, the latency model's resamples and the frontier's
 *     draws
 */
public record AdaptiveSpec(TaskShare budget, TaskShare initial, double stopBelow, long seed) {

  /**
   * What a key left out means. Here, not in {@code Defaults}: these are a sweep's keys, which no flag overrides (as
   * {@code repetitions}), and {@code Defaults} holds the flags'.
   */
  public static final java.util.Map<String, String> DEFAULTS = java.util.Map.of("budget", "40%", "initial", "15%",
      "stop-below", "0.05");

  public AdaptiveSpec {
    java.util.Objects.requireNonNull(budget, "budget");
    java.util.Objects.requireNonNull(initial, "initial");
    if (!(stopBelow > 0 && stopBelow < 1)) {
      throw new IllegalArgumentException("stop-below is a probability between 0 and 1, exclusive; got " + stopBelow);
    }
  }

  /**
   * A number of tasks, written as a count ({@code 120}) or as a share of the grid ({@code 40%}).
   *
   * @param percent the share in percent, or 0 when a count is written
   */
  public record TaskShare(double percent, int count) {

    public TaskShare {
      if ((percent > 0) == (count > 0) || percent > 100 || count < 0 || Double.isNaN(percent)) {
        throw new IllegalArgumentException("a number of tasks is a count >= 1 or a share in (0 %, 100 %]");
      }
    }

    /**
     * Reads {@code 40%} or {@code 120}.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static TaskShare parse(String text) {
      String trimmed = text.trim();
      try {
        if (trimmed.endsWith("%")) {
          double percent = Double.parseDouble(trimmed.substring(0, trimmed.length() - 1).trim());
          if (percent > 0 && percent <= 100) {
            return new TaskShare(percent, 0);
          }
        } else {
          int count = Integer.parseInt(trimmed);
          if (count >= 1) {
            return new TaskShare(0, count);
          }
        }
      } catch (NumberFormatException e) {
        // said below
      }
      throw new IllegalArgumentException("'" + text + "' is not a number of tasks: write a count (120) or a share"
          + " of the grid (40%) above 0 and at most 100 %");
    }

    /** How many of {@code total} tasks this is: at least one, at most all. */
    public int of(int total) {
      int tasks = count > 0 ? count : (int) Math.ceil(total * percent / 100);
      return Math.max(1, Math.min(total, tasks));
    }

    @Override
    public String toString() {
      return count > 0 ? Integer.toString(count) : (percent == Math.rint(percent) ? Long.toString((long) percent)
          : Double.toString(percent)) + "%";
    }
  }
}
