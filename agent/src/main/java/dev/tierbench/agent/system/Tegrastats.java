package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one line of NVIDIA's {@code tegrastats} (NVIDIA Jetson Linux Developer Guide, "tegrastats Utility"),
 * as printed from JetPack 4 (Nano, TX2, Xavier) to JetPack 7 (Orin): fields are found by their own shape, so
 * their order, a leading timestamp and fields this class does not know (EMC_FREQ, NVENC, APE, MTS...) do not
 * matter. A field that is missing or malformed leaves its metric absent; nothing is ever reported as 0 for
 * want of a value.
 *
 * <ul>
 *   <li>{@code RAM 2126/3964MB}: {@link #MEMORY_USED} in bytes (tegrastats' MB are MiB: it divides kB by 1024).
 *   <li>{@code CPU [12%@1479,off,...]}: {@link Metrics#CPU_SYSTEM} is the mean load of the online cores,
 *       {@link Metrics#CPU_FREQUENCY} their mean frequency (MHz to Hz); {@code off} cores are left out.
 *   <li>{@code GR3D_FREQ 40%@[305,0]} (or {@code 0%@76}, {@code 0%}): {@link Metrics#GPU_UTILIZATION}.
 *   <li>{@code name@43.5C} (also {@code cpu@52.968C/52.968C}, current/max): {@link Metrics#TEMPERATURE} is the
 *       hottest sensor, {@link Metrics#GPU_TEMPERATURE} the {@code GPU}/{@code gpu} one. PMIC is left out (a
 *       constant the driver makes up: 100C or 50C whatever the load), and so are readings of -256C and below
 *       -100C, which tegrastats prints for sensors that are switched off.
 *   <li>Power rails {@code NAME cur/avg} in mW (older releases print no unit; JetPack 7 adds {@code /max}),
 *       current values used. {@link Metrics#POWER} is the board's input rail ({@link #INPUT_RAILS}) when there
 *       is one; without one (AGX Xavier on JetPack 4 prints only GPU, CPU, SOC, CV, VDDRQ and SYS5V, each a
 *       separate module rail) it is the sum of all rails, which then measures the module without the carrier
 *       board. Summing when an input rail exists would double count: the other rails are parts of it.
 *       {@link Metrics#GPU_POWER} is the GPU rail when one is named ({@link #GPU_RAILS}); the combined
 *       VDD_CPU_GPU_CV rail of Xavier NX and Orin NX/Nano is not GPU power and is not reported as such.
 *       {@code NC} (not connected) channels are ignored.
 * </ul>
 */
public final class Tegrastats {

  /** Memory in use, bytes, as tegrastats counts it (RAM used, without swap). */
  public static final String MEMORY_USED = "memory_used_bytes";

  /** Rails that measure the whole board's input, in order of preference. */
  public static final List<String> INPUT_RAILS = List.of("VDD_IN", "POM_5V_IN", "VIN_SYS_5V0");
  /**
   * Rails that carry the GPU: Nano (POM_5V_GPU), TX2 (VDD_SYS_GPU), AGX Xavier on JetPack 4 (GPU), AGX Orin
   * (VDD_GPU_SOC, GPU and SoC together: the closest there is), and VDD_GPU where a board names it so.
   */
  public static final Set<String> GPU_RAILS = Set.of("POM_5V_GPU", "VDD_SYS_GPU", "VDD_GPU", "GPU", "VDD_GPU_SOC");

  private static final double MIB = 1024.0 * 1024.0;

  private static final Pattern RAM = Pattern.compile("(?<![A-Za-z0-9_])RAM (\\d+)/(\\d+)MB");
  private static final Pattern CPU = Pattern.compile("(?<![A-Za-z0-9_])CPU \\[([^\\]]*)\\]");
  private static final Pattern CORE = Pattern.compile("(\\d+(?:\\.\\d+)?)%(?:@(\\d+(?:\\.\\d+)?))?");
  private static final Pattern GR3D = Pattern.compile("(?<![A-Za-z0-9_])GR3D_FREQ (\\d+(?:\\.\\d+)?)%");
  /** {@code name@43.5C}, or {@code name@43.5C/44C} (current/max, JetPack 7). */
  private static final Pattern TEMP = Pattern.compile(
      "(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9_]*)@(-?\\d+(?:\\.\\d+)?)C(?:/-?\\d+(?:\\.\\d+)?C)?(?=\\s|$)");
  /** {@code NAME cur/avg} or {@code NAME cur/avg/max}, in mW with or without the unit; group 2 is cur. */
  private static final Pattern RAIL = Pattern.compile("(?<=^|\\s)([A-Z][A-Z0-9_]+) (\\d+(?:\\.\\d+)?)(?:mW)?"
      + "/\\d+(?:\\.\\d+)?(?:mW)?(?:/\\d+(?:\\.\\d+)?(?:mW)?)?(?=\\s|$)");

  private Tegrastats() {}

  /** The metrics of one tegrastats line; empty for a line with none of the fields (junk, a blank line). */
  public static Map<String, Double> parse(String line) {
    Map<String, Double> metrics = new HashMap<>();
    String text = line.strip();

    Matcher ram = RAM.matcher(text);
    if (ram.find()) {
      metrics.put(MEMORY_USED, Double.parseDouble(ram.group(1)) * MIB);
    }

    Matcher cpu = CPU.matcher(text);
    if (cpu.find()) {
      cpus(cpu.group(1), metrics);
    }

    Matcher gr3d = GR3D.matcher(text);
    if (gr3d.find()) {
      metrics.put(SystemMetrics.GPU_UTILIZATION, Double.parseDouble(gr3d.group(1)) / 100.0);
    }

    Matcher temp = TEMP.matcher(text);
    while (temp.find()) {
      String sensor = temp.group(1);
      double celsius = Double.parseDouble(temp.group(2));
      if (sensor.equalsIgnoreCase("PMIC") || celsius < -100.0) {
        continue;
      }
      metrics.merge(SystemMetrics.TEMPERATURE, celsius, Math::max);
      if (sensor.equalsIgnoreCase("GPU")) {
        metrics.put(SystemMetrics.GPU_TEMPERATURE, celsius);
      }
    }

    Map<String, Double> railsMilliwatts = rails(text);
    Double input = null;
    for (String name : INPUT_RAILS) {
      if (railsMilliwatts.containsKey(name)) {
        input = railsMilliwatts.get(name);
        break;
      }
    }
    if (input == null && !railsMilliwatts.isEmpty()) {
      input = railsMilliwatts.values().stream().mapToDouble(Double::doubleValue).sum();
    }
    if (input != null) {
      metrics.put(SystemMetrics.POWER, input / 1000.0);
    }
    for (Map.Entry<String, Double> rail : railsMilliwatts.entrySet()) {
      if (GPU_RAILS.contains(rail.getKey())) {
        metrics.put(SystemMetrics.GPU_POWER, rail.getValue() / 1000.0);
        break;
      }
    }
    return Collections.unmodifiableMap(metrics);
  }

  /** Power rails by name, current value in mW, in line order; NC channels left out. */
  static Map<String, Double> rails(String line) {
    Map<String, Double> rails = new LinkedHashMap<>();
    Matcher rail = RAIL.matcher(line.strip());
    while (rail.find()) {
      if (!rail.group(1).equals("NC")) {
        rails.putIfAbsent(rail.group(1), Double.parseDouble(rail.group(2)));
      }
    }
    return rails;
  }

  private static void cpus(String cores, Map<String, Double> metrics) {
    double load = 0;
    int loaded = 0;
    double megahertz = 0;
    int clocked = 0;
    for (String core : cores.split(",")) {
      Matcher m = CORE.matcher(core.strip());
      if (!m.matches()) {
        continue; // "off", or something this parser does not know
      }
      load += Double.parseDouble(m.group(1));
      loaded++;
      if (m.group(2) != null) {
        megahertz += Double.parseDouble(m.group(2));
        clocked++;
      }
    }
    if (loaded > 0) {
      metrics.put(SystemMetrics.CPU_SYSTEM, load / loaded / 100.0);
    }
    if (clocked > 0) {
      metrics.put(SystemMetrics.CPU_FREQUENCY, megahertz / clocked * 1e6);
    }
  }
}
