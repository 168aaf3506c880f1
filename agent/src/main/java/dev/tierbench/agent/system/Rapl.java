package dev.tierbench.agent.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Intel (and AMD, through the same driver) RAPL package energy counters in the Linux powercap sysfs
 * (Documentation/power/powercap/powercap.rst) under a root directory ("/" on a real machine).
 *
 * <p>Only package zones count: {@code sys/class/powercap/intel-rapl:N} whose {@code name} is {@code package-N}.
 * Their sub-zones {@code intel-rapl:N:M} (core, uncore, dram) are parts of the package and would be counted
 * twice; {@code psys} (platform) contains the packages; {@code intel-rapl-mmio:N} is the same package counter
 * read another way.
 *
 * <p>Wrap-around: {@code energy_uj} counts up to {@code max_energy_range_uj}, "the range of the above energy
 * counter" (powercap.rst), then starts again from 0. The driver computes that range from the largest raw value
 * of the 32-bit hardware counter (ENERGY_STATUS_MASK), so the value after the maximum is 0 and a wrap adds
 * {@code max_energy_range_uj + 1}: {@code delta = current - previous + max_energy_range_uj + 1}. (The exact step
 * is one hardware energy unit, which sysfs does not expose: 61.035 µJ on most parts, where the range reads
 * 262143328850 = (2^32 - 1) × 61.035. The error is that much per wrap, and a package wraps once in tens of
 * minutes at full power.)
 */
public final class Rapl {

  /** A package zone: its name, its counter file and the counter's range. */
  public record Domain(String name, Path energyFile, long maxEnergyRangeMicrojoules) {}

  private static final Pattern PACKAGE_ZONE = Pattern.compile("intel-rapl:(\\d+)");

  private final Path root;

  /** Reads the real machine's {@code /sys}. */
  public Rapl() {
    this(Path.of("/"));
  }

  /** @param root the directory holding {@code sys/}, "/" on a real machine */
  public Rapl(Path root) {
    this.root = root;
  }

  /** The package zones present, by zone number; a zone without a readable range is left out. */
  public List<Domain> packages() {
    List<Domain> domains = new ArrayList<>();
    for (Path zone : SysFiles.entries(root.resolve("sys/class/powercap"), PACKAGE_ZONE)) {
      String name = SysFiles.text(zone.resolve("name"));
      Long range = SysFiles.number(zone.resolve("max_energy_range_uj"));
      if (name != null && name.startsWith("package") && range != null && range > 0) {
        domains.add(new Domain(name, zone.resolve("energy_uj"), range));
      }
    }
    return List.copyOf(domains);
  }

  /**
   * The counter now, in µJ.
   *
   * @throws IOException when it cannot be read: root-only since Linux 5.10 (CVE-2020-8694), gone, garbage
   */
  public static long energyMicrojoules(Domain domain) throws IOException {
    String text = Files.readString(domain.energyFile()).strip();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException("not a counter in " + domain.energyFile() + ": " + text, e);
    }
  }

  /** The energy between two readings of a counter with range {@code maxRange}, across at most one wrap. */
  public static long deltaMicrojoules(long previous, long current, long maxRange) {
    return current >= previous ? current - previous : current - previous + maxRange + 1;
  }
}
