package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU frequencies and temperatures from Linux sysfs under a root directory ("/" on a real machine, a copied
 * or made-up tree in tests).
 *
 * <ul>
 *   <li>{@code sys/devices/system/cpu/cpuN/cpufreq/scaling_cur_freq} (kHz, Documentation/admin-guide/pm/
 *       cpufreq.rst): {@link Metrics#CPU_FREQUENCY} is the mean over the CPUs that report one.
 *       {@link #CPU_MAX_FREQUENCY} is the highest {@code cpuinfo_max_freq} (the hardware's maximum), or
 *       {@code scaling_max_freq} where that is missing: the hardware figure comes first because thermal
 *       capping lowers {@code scaling_max_freq}, which would hide the very drop it is there to reveal.
 *   <li>Thermal zones (Documentation/driver-api/thermal/sysfs-api.rst) {@code sys/class/thermal/thermal_zoneN}
 *       (on a real system symlinks to {@code sys/devices/virtual/thermal/thermal_zoneN}, which is read where
 *       the class directory lacks a zone): {@code temp} in millidegrees Celsius, {@link Metrics#TEMPERATURE} the
 *       hottest zone; {@link #TEMPERATURE_TRIP} the lowest {@code passive} or {@code hot} trip point
 *       ({@code trip_point_N_type}/{@code trip_point_N_temp}) of any zone, where the kernel starts cooling.
 *       Zones whose type names a PMIC are skipped (Jetson's {@code PMIC-Die} is a constant, not a sensor), as
 *       are readings below -100C (disabled sensors) and trip points at or below 0C (unset).
 * </ul>
 *
 * <p>A machine without these files (a VM: no cpufreq, an empty {@code /sys/class/thermal}) gets an empty map.
 */
public final class SysfsThermal {

  /** The highest maximum frequency of any CPU, in Hz, to judge how far the current frequency has dropped. */
  public static final String CPU_MAX_FREQUENCY = "cpu_max_frequency_hertz";
  /** The lowest passive or hot trip point of any thermal zone, in degrees Celsius. */
  public static final String TEMPERATURE_TRIP = "temperature_trip_celsius";

  private static final Pattern CPU = Pattern.compile("cpu(\\d+)");
  private static final Pattern ZONE = Pattern.compile("thermal_zone(\\d+)");
  private static final Pattern TRIP_TYPE = Pattern.compile("trip_point_(\\d+)_type");

  private final Path root;

  /** Reads the real machine's {@code /sys}. */
  public SysfsThermal() {
    this(Path.of("/"));
  }

  /** @param root the directory holding {@code sys/}, "/" on a real machine */
  public SysfsThermal(Path root) {
    this.root = root;
  }

  /** The figures available now; empty when there are none. */
  public Map<String, Double> read() {
    Map<String, Double> metrics = new HashMap<>();
    readCpus(metrics);
    readZones(metrics);
    return Collections.unmodifiableMap(metrics);
  }

  private void readCpus(Map<String, Double> metrics) {
    long sumKhz = 0;
    int count = 0;
    Long maxKhz = null;
    for (Path cpu : SysFiles.entries(root.resolve("sys/devices/system/cpu"), CPU)) {
      Path cpufreq = cpu.resolve("cpufreq");
      Long current = SysFiles.number(cpufreq.resolve("scaling_cur_freq"));
      if (current != null && current > 0) {
        sumKhz += current;
        count++;
      }
      Long max = SysFiles.number(cpufreq.resolve("cpuinfo_max_freq"));
      if (max == null) {
        max = SysFiles.number(cpufreq.resolve("scaling_max_freq"));
      }
      if (max != null && max > 0 && (maxKhz == null || max > maxKhz)) {
        maxKhz = max;
      }
    }
    if (count > 0) {
      metrics.put(SystemMetrics.CPU_FREQUENCY, (double) sumKhz / count * 1000.0);
    }
    if (maxKhz != null) {
      metrics.put(CPU_MAX_FREQUENCY, maxKhz * 1000.0);
    }
  }

  private void readZones(Map<String, Double> metrics) {
    Map<String, Path> zones = new LinkedHashMap<>();
    for (Path zone : SysFiles.entries(root.resolve("sys/class/thermal"), ZONE)) {
      zones.put(zone.getFileName().toString(), zone);
    }
    for (Path zone : SysFiles.entries(root.resolve("sys/devices/virtual/thermal"), ZONE)) {
      zones.putIfAbsent(zone.getFileName().toString(), zone);
    }
    for (Path zone : zones.values()) {
      String type = SysFiles.text(zone.resolve("type"));
      if (type != null && type.toLowerCase(Locale.ROOT).contains("pmic")) {
        continue;
      }
      Long milli = SysFiles.number(zone.resolve("temp"));
      if (milli != null && milli > -100_000) {
        metrics.merge(SystemMetrics.TEMPERATURE, milli / 1000.0, Math::max);
      }
      for (Path tripType : SysFiles.entries(zone, TRIP_TYPE)) {
        String kind = SysFiles.text(tripType);
        if (!"passive".equals(kind) && !"hot".equals(kind)) {
          continue;
        }
        Matcher m = TRIP_TYPE.matcher(tripType.getFileName().toString());
        m.matches();
        Long tripMilli = SysFiles.number(zone.resolve("trip_point_" + m.group(1) + "_temp"));
        if (tripMilli != null && tripMilli > 0) {
          metrics.merge(TEMPERATURE_TRIP, tripMilli / 1000.0, Math::min);
        }
      }
    }
  }
}
