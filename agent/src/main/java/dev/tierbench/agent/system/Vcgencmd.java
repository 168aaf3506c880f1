package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Raspberry Pi {@code vcgencmd} output (Raspberry Pi documentation, "vcgencmd"): {@code measure_temp}
 * ({@code temp=48.3'C}), {@code get_throttled} ({@code throttled=0x50005}) and {@code measure_clock arm}
 * ({@code frequency(48)=1400000000}, in Hz). Several commands' output may come in one text, in any order;
 * other lines ({@code volt=1.3000V}, errors) are skipped. A figure that appears twice takes its last value
 * (the later reading).
 *
 * <p>{@code get_throttled} bits: 0 under-voltage, 1 ARM frequency capped, 2 throttled, 3 soft temperature limit,
 * all "now"; 16 to 19 the same "has occurred since boot". {@link Metrics#THROTTLED} is 1 when bit 1, 2 or 3 is
 * set (the CPU is slowed now), under-voltage alone goes to {@link #UNDER_VOLTAGE}, and bits 17 to 19 to
 * {@link #THROTTLED_SINCE_BOOT}, whose change during a measurement reveals throttling too brief to be seen
 * between two samples.
 *
 * <p>A {@code measure_clock} line that names its clock ({@code arm:\tfrequency(45)=...}, as a loop over
 * clocks prints it) counts only for {@code arm}; a bare one is taken as the arm clock, the one the sampler
 * asks for. A frequency of 0 (what the firmware says for a clock that is off) is absent.
 */
public final class Vcgencmd {

  /** 1 while the supply voltage is too low (get_throttled bit 0), else 0. */
  public static final String UNDER_VOLTAGE = "under_voltage";
  /** 1 if the ARM was capped, throttled or soft temperature limited at any time since boot (bits 17–19). */
  public static final String THROTTLED_SINCE_BOOT = "throttled_since_boot";

  private static final Pattern TEMP = Pattern.compile("temp=(-?\\d+(?:\\.\\d+)?)'C");
  private static final Pattern THROTTLED = Pattern.compile("throttled=0x([0-9a-fA-F]{1,8})");
  private static final Pattern CLOCK = Pattern.compile("(?:([A-Za-z0-9_]+):\\s*)?frequency\\(\\d+\\)=(\\d+)");

  private Vcgencmd() {}

  /** The metrics in {@code output}; empty when it holds none. */
  public static Map<String, Double> parse(String output) {
    Map<String, Double> metrics = new HashMap<>();
    for (String rawLine : output.split("\\R")) {
      String line = rawLine.strip();
      Matcher m;
      if ((m = TEMP.matcher(line)).matches()) {
        metrics.put(SystemMetrics.TEMPERATURE, Double.parseDouble(m.group(1)));
      } else if ((m = THROTTLED.matcher(line)).matches()) {
        long bits = Long.parseLong(m.group(1), 16);
        metrics.put(SystemMetrics.THROTTLED, (bits & 0b1110) != 0 ? 1.0 : 0.0);
        metrics.put(UNDER_VOLTAGE, (bits & 0b1) != 0 ? 1.0 : 0.0);
        metrics.put(THROTTLED_SINCE_BOOT, (bits & (0b1110L << 16)) != 0 ? 1.0 : 0.0);
      } else if ((m = CLOCK.matcher(line)).matches()) {
        boolean arm = m.group(1) == null || m.group(1).equals("arm");
        double hertz = Double.parseDouble(m.group(2));
        if (arm && hertz > 0) {
          metrics.put(SystemMetrics.CPU_FREQUENCY, hertz);
        }
      }
    }
    return Collections.unmodifiableMap(metrics);
  }
}
