package dev.tierbench.agent.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Board power from TI INA2xx/INA3221 current monitors exposed through Linux hwmon (Documentation/hwmon/
 * ina2xx.rst, ina3221.rst, sysfs-interface.rst) under a root directory ("/" on a real machine): the
 * {@code sys/class/hwmon/hwmonN} devices whose {@code name} is an INA part ({@code ina219}, {@code ina226},
 * {@code ina3221}, NVIDIA's {@code ina3221x}...).
 *
 * <p>Per channel: {@code powerK_input} (µW) where the chip reports power (INA2xx), else bus voltage
 * {@code inK_input} (mV) times {@code currK_input} (mA), as for the INA3221, which reports no power. On an
 * INA3221 only channels 1 to 3 are rails: {@code in4..6} are shunt voltages and {@code curr4} the sum of the
 * channels. Channels labelled {@code NC} (not connected) are skipped.
 *
 * <p>{@link #power()} is the sum over all channels of all such devices (separate sensors measure separate
 * loads), except when a channel's {@code inK_label} names a board input rail ({@link Tegrastats#INPUT_RAILS},
 * as Jetsons running an upstream kernel label them): then only the input rails count, the other channels being
 * parts of them.
 */
public final class HwmonPower {

  /** One channel's reading. */
  public record Channel(String device, int index, String label, double watts) {}

  private static final Pattern HWMON = Pattern.compile("hwmon(\\d+)");
  private static final Pattern INA = Pattern.compile("ina\\d{3,4}x?");
  private static final Pattern CHANNEL_FILE = Pattern.compile("(?:power|curr)(\\d+)_input");

  private final Path root;

  /** Reads the real machine's {@code /sys}. */
  public HwmonPower() {
    this(Path.of("/"));
  }

  /** @param root the directory holding {@code sys/}, "/" on a real machine */
  public HwmonPower(Path root) {
    this.root = root;
  }

  /** Every INA channel that can be read now. */
  public List<Channel> channels() {
    List<Channel> channels = new ArrayList<>();
    for (Path hwmon : SysFiles.entries(root.resolve("sys/class/hwmon"), HWMON)) {
      String name = SysFiles.text(hwmon.resolve("name"));
      if (name == null || !INA.matcher(name).matches()) {
        continue;
      }
      boolean ina3221 = name.startsWith("ina3221");
      TreeSet<Integer> indexes = new TreeSet<>();
      for (Path file : SysFiles.entries(hwmon, CHANNEL_FILE)) {
        Matcher m = CHANNEL_FILE.matcher(file.getFileName().toString());
        m.matches();
        int index = Integer.parseInt(m.group(1));
        if (!ina3221 || (index >= 1 && index <= 3)) {
          indexes.add(index);
        }
      }
      for (int index : indexes) {
        String label = SysFiles.text(hwmon.resolve("in" + index + "_label"));
        if ("NC".equals(label)) {
          continue;
        }
        Double watts = watts(hwmon, index);
        if (watts != null) {
          channels.add(new Channel(hwmon.getFileName().toString(), index, label, watts));
        }
      }
    }
    return List.copyOf(channels);
  }

  /** The board power in watts as described above; empty when no channel can be read. */
  public Optional<Double> power() {
    List<Channel> channels = channels();
    if (channels.isEmpty()) {
      return Optional.empty();
    }
    List<Channel> inputs = channels.stream()
        .filter(c -> c.label() != null && Tegrastats.INPUT_RAILS.contains(c.label()))
        .toList();
    List<Channel> counted = inputs.isEmpty() ? channels : inputs;
    return Optional.of(counted.stream().mapToDouble(Channel::watts).sum());
  }

  private static Double watts(Path hwmon, int index) {
    Long microwatts = SysFiles.number(hwmon.resolve("power" + index + "_input"));
    if (microwatts != null) {
      return microwatts / 1e6;
    }
    Long millivolts = SysFiles.number(hwmon.resolve("in" + index + "_input"));
    Long milliamps = SysFiles.number(hwmon.resolve("curr" + index + "_input"));
    if (millivolts != null && milliamps != null) {
      return millivolts * (double) milliamps / 1e6;
    }
    return null;
  }
}
