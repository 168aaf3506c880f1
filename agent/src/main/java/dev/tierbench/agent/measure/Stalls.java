package dev.tierbench.agent.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Watches a timed phase for time the measuring process did not get: a query, or a pause between queries, far beyond
 * anything the model's latencies explain (a stopped process, a suspended VM, a starved CPU), and a phase that ran far
 * past max-duration. The monotonic clock keeps counting through all of them, so they show as gaps; a result that
 * contains one says so, as a disturbance, instead of passing a stall off as latency.
 */
final class Stalls {

  /** A gap counts as a stall when it is this many times the median latency... */
  static final int TIMES_MEDIAN = 100;
  /** ...and at least this long: a GC pause or a scheduler hiccup is noise, not a stall. */
  static final long MIN_STALL_NANOS = 1_000_000_000L;

  private long longestQuery;
  private long longestGap;
  private long lastEnd = -1;

  /** One timed query, from its start to its end (monotonic nanoseconds). */
  void query(long start, long end) {
    longestQuery = Math.max(longestQuery, end - start);
    if (lastEnd >= 0) {
      longestGap = Math.max(longestGap, start - lastEnd);
    }
    lastEnd = end;
  }

  /**
   * What disturbed the phase, empty when nothing did.
   *
   * @param medianNanos the median latency of the phase
   * @param elapsedNanos how long the timed phase ran
   * @param maxNanos its max-duration
   * @param lastQueryNanos the last query's latency: the phase may legitimately overrun by that much
   */
  List<String> disturbances(long medianNanos, long elapsedNanos, long maxNanos, long lastQueryNanos) {
    long threshold = Math.max(MIN_STALL_NANOS, TIMES_MEDIAN * medianNanos);
    List<String> found = new ArrayList<>();
    if (longestQuery > threshold) {
      found.add(String.format(Locale.ROOT, "stalled: one query took %.1f s against a median of %s, so the measuring"
          + " process was stopped, suspended or starved meanwhile", longestQuery / 1e9, millis(medianNanos)));
    }
    if (longestGap > threshold) {
      found.add(String.format(Locale.ROOT, "stalled: the measuring process stood still for %.1f s between queries",
          longestGap / 1e9));
    }
    if (elapsedNanos > maxNanos + lastQueryNanos + MIN_STALL_NANOS) {
      found.add(String.format(Locale.ROOT, "overran: the timed phase ran %.1f s against a max-duration of %.1f s",
          elapsedNanos / 1e9, maxNanos / 1e9));
    }
    return found;
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }
}
