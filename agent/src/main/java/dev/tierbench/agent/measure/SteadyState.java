package dev.tierbench.agent.measure;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides when warm-up is over: when the medians of the last {@code windows} windows of latencies all lie
 * within ±{@code tolerance} of their mean. Pure logic, fed one window median at a time.
 */
public final class SteadyState {

  private final int windows;
  private final double tolerance;
  private final Deque<Long> medians = new ArrayDeque<>();

  public SteadyState(int windows, double tolerance) {
    if (windows < 2) {
      throw new IllegalArgumentException("stability needs at least 2 windows, got " + windows);
    }
    this.windows = windows;
    this.tolerance = tolerance;
  }

  /** Adds the median of the window just finished; true if latency is now steady. */
  public boolean add(long median) {
    medians.addLast(median);
    if (medians.size() > windows) {
      medians.removeFirst();
    }
    return steady();
  }

  public boolean steady() {
    if (medians.size() < windows) {
      return false;
    }
    double mean = medians.stream().mapToLong(Long::longValue).average().orElseThrow();
    return medians.stream().allMatch(m -> Math.abs(m - mean) <= tolerance * mean);
  }
}
