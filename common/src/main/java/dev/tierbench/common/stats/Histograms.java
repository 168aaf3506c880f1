package dev.tierbench.common.stats;

import org.HdrHistogram.Histogram;

/** The one way tierbench makes latency histograms, so that all of them can be merged. */
public final class Histograms {

  /** Three significant digits: 0.1 % resolution at any latency. */
  public static final int SIGNIFICANT_DIGITS = 3;

  private Histograms() {}

  /** An auto-resizing nanosecond histogram. */
  public static Histogram create() {
    Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
    histogram.setAutoResize(true);
    return histogram;
  }
}
