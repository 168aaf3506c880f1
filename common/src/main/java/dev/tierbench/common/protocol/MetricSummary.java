package dev.tierbench.common.protocol;

/**
 * A system metric over one measurement, from samples taken while it ran (see the agent's metric names,
 * base units: ratios, bytes, hertz, celsius, watts).
 */
public record MetricSummary(String metric, long samples, double min, double mean, double max, double p95) {
  public MetricSummary {
    Checks.text(metric, "metric");
    if (samples < 1) {
      throw new IllegalArgumentException("a metric summary needs at least one sample, got " + samples);
    }
  }
}
