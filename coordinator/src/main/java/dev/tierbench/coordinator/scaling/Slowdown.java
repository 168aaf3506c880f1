package dev.tierbench.coordinator.scaling;

import java.util.List;

/**
 * How much slower tier {@code to} runs the same trials than tier {@code from}: per trial the ratio of median
 * latencies, and their geometric mean (ratios multiply, so they are averaged on a log scale).
 */
public record Slowdown(String from, String to, List<Ratio> ratios, double geometricMean, double min, double max) {

  public record Ratio(String trialId, String label, double fromMs, double toMs, double ratio) {}

  public Slowdown {
    ratios = List.copyOf(ratios);
  }
}
