package dev.tierbench.coordinator.analysis;

/** Whether less or more of a metric is better. */
public enum Direction {
  MINIMIZE, MAXIMIZE;

  /** Multiplies a value so that smaller is always better: how frontiers compare any objective. */
  public double toMinimized(double value) {
    return this == MINIMIZE ? value : -value;
  }

  /** True when {@code a} is strictly better than {@code b}. */
  public boolean better(double a, double b) {
    return this == MINIMIZE ? a < b : a > b;
  }

  public String word() {
    return this == MINIMIZE ? "min" : "max";
  }
}
