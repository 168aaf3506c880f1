package dev.tierbench.agent.system;

import java.util.Map;

/**
 * One source of system figures (the process via OSHI, sysfs thermal and cpufreq, RAPL, nvidia-smi,
 * tegrastats, vcgencmd, hwmon power sensors), read periodically on a sampling thread during a measurement.
 * Metric names are those of {@link dev.tierbench.common.metrics.SystemMetrics}, in base units.
 */
public interface Sampler {

  /** A short name for logs, e.g. {@code nvidia-smi}. */
  String name();

  /**
   * The current values by metric name; empty when the source has nothing now.
   *
   * @throws Exception when the source cannot be read (gone, permission denied): the sampling session logs
   *     it once and reports the source's metrics as not available for the rest of the measurement
   */
  Map<String, Double> sample() throws Exception;

  /** Releases what the sampler holds (a child process, say). */
  default void close() {}
}
