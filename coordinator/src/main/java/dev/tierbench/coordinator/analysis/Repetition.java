package dev.tierbench.coordinator.analysis;

import java.util.Map;

/**
 * One measured repetition of a variant: its latency distribution, how many queries over how long, and its
 * system figures by name ({@link Repetition#RSS_PEAK_BYTES} and the others; absent when not sampled).
 */
public record Repetition(LatencyDistribution latency, long queries, long durationNanos, Map<String, Double> figures) {

  public static final String RSS_PEAK_BYTES = "rss_peak_bytes";
  public static final String CPU_MEAN_RATIO = "cpu_mean_ratio";
  public static final String TEMPERATURE_MAX_C = "temperature_max_c";
  public static final String ENERGY_J = "energy_j";
  public static final String LOAD_MS = "load_ms";
  public static final String FIRST_INFERENCE_MS = "first_inference_ms";

  public Repetition {
    if (queries < 1 || durationNanos < 1) {
      throw new IllegalArgumentException("a repetition needs queries and a duration, got " + queries + " in "
          + durationNanos + " ns");
    }
    figures = Map.copyOf(figures);
  }

  /** A figure, NaN when this repetition did not sample it. */
  public double figure(String name) {
    return figures.getOrDefault(name, Double.NaN);
  }
}
