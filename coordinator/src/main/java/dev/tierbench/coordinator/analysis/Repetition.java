package dev.tierbench.coordinator.analysis;

import java.util.List;
import java.util.Map;

/**
 * One measured repetition of a variant (the result of task {@code taskId}): its latency distribution, how many queries
 * over how long, and its system figures by name ({@link Repetition#RSS_PEAK_BYTES} and the others; absent when not
 * sampled); where it ran ({@code host}, the engine's exact {@code runtime}), whether its warm-up reached a steady
 * state, and what the agent noticed disturbing it.
 */
public record Repetition(String taskId, LatencyDistribution latency, long queries, long durationNanos,
    Map<String, Double> figures, boolean stable, String host, String runtime, List<String> disturbances) {

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
    disturbances = List.copyOf(disturbances);
  }

  /** A figure, NaN when this repetition did not sample it. */
  public double figure(String name) {
    return figures.getOrDefault(name, Double.NaN);
  }
}
