package dev.tierbench.common.metrics;

/**
 * The names of system metrics, Prometheus-style in base units: the agent's samplers report them, the coordinator's
 * analysis and reports read them. A sampler reports the ones it can; a metric no sampler reports is "not
 * available", never zero.
 */
public final class SystemMetrics {

  /** Share of all CPUs this process used since the previous sample (0..1). */
  public static final String CPU_PROCESS = "cpu_process_ratio";
  /** Share of all CPUs in use on the machine (0..1). */
  public static final String CPU_SYSTEM = "cpu_system_ratio";
  public static final String RSS = "memory_rss_bytes";
  public static final String HEAP = "jvm_heap_used_bytes";
  public static final String MEMORY_AVAILABLE = "memory_available_bytes";
  /** Mean current frequency over the CPUs that report one. */
  public static final String CPU_FREQUENCY = "cpu_frequency_hertz";
  /** The hottest thermal zone (or the SoC temperature vcgencmd reports). */
  public static final String TEMPERATURE = "temperature_celsius";
  /** 1 while the board reports throttling or capping now (vcgencmd get_throttled bits 1–3), else 0. */
  public static final String THROTTLED = "throttled";
  public static final String GPU_UTILIZATION = "gpu_utilization_ratio";
  public static final String GPU_MEMORY_USED = "gpu_memory_used_bytes";
  public static final String GPU_POWER = "gpu_power_watts";
  public static final String GPU_TEMPERATURE = "gpu_temperature_celsius";
  public static final String GPU_CLOCK = "gpu_clock_hertz";
  /** Board or package power from a power sensor (tegrastats rails, hwmon). */
  public static final String POWER = "power_watts";
  /** A cumulative energy counter (RAPL), in joules since the sampler started, wrap-around handled. */
  public static final String ENERGY = "energy_joules";

  private SystemMetrics() {}
}
