package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaplTest {

  @TempDir
  Path root;

  private static final long RANGE = 262_143_328_850L; // the recorded fixture's max_energy_range_uj

  private Path zone(String dir, String name, long energy) {
    Path zone = root.resolve("sys/class/powercap").resolve(dir);
    Samples.write(zone, "name", name + "\n");
    Samples.write(zone, "max_energy_range_uj", RANGE + "\n");
    Samples.write(zone, "energy_uj", energy + "\n");
    return zone;
  }

  private static void energy(Path zone, long microjoules) {
    Samples.write(zone, "energy_uj", microjoules + "\n");
  }

  private static double joules(Map<String, Double> metrics) {
    assertEquals(1, metrics.size(), metrics::toString);
    return metrics.get(SystemMetrics.ENERGY);
  }

  @Test
  void recordedNodeExporterFixtureHasOnePackageAndItsCoreSubZoneIsNotCounted() {
    List<Rapl.Domain> packages =
        new Rapl(Samples.dir("sysfs-powercap-intel-rapl-x86-node_exporter-fixture")).packages();
    assertEquals(1, packages.size());
    assertEquals("package-0", packages.get(0).name());
    assertEquals(RANGE, packages.get(0).maxEnergyRangeMicrojoules());
    assertTrue(packages.get(0).energyFile().endsWith(Path.of("intel-rapl:0", "energy_uj")));
  }

  @Test
  void recordedFixtureCountsFromTheFirstSample() throws Exception {
    copyTree(Samples.dir("sysfs-powercap-intel-rapl-x86-node_exporter-fixture"), root);
    RaplSampler sampler = RaplSampler.detect(root).orElseThrow();
    assertEquals("rapl", sampler.name());
    assertEquals(0.0, joules(sampler.sample()));
    assertEquals(0.0, joules(sampler.sample()));
    Path pkg = root.resolve("sys/class/powercap/intel-rapl:0");
    energy(pkg, 240_422_366_267L + 1_500_000L); // recorded value + 1.5 J
    energy(root.resolve("sys/class/powercap/intel-rapl:0:0"), 118_821_284_256L + 900_000L); // core: inside it
    assertEquals(1.5, joules(sampler.sample()), 1e-12);
  }

  @Test
  void wrapAroundBetweenTwoSamples() throws Exception {
    Path pkg = zone("intel-rapl:0", "package-0", 262_143_000_000L);
    RaplSampler sampler = RaplSampler.detect(root).orElseThrow();
    assertEquals(0.0, joules(sampler.sample()));
    energy(pkg, 1_000_000L);
    // (RANGE - 262143000000) + 1 + 1000000 = 328850 + 1 + 1000000 = 1328851 µJ
    assertEquals(1.328851, joules(sampler.sample()), 1e-12);
    energy(pkg, 3_000_000L);
    assertEquals(3.328851, joules(sampler.sample()), 1e-12);
  }

  @Test
  void deltaArithmetic() {
    assertEquals(150, Rapl.deltaMicrojoules(100, 250, 999));
    assertEquals(0, Rapl.deltaMicrojoules(250, 250, 999));
    // 999 is the last value before 0: 900 -> 999 is 99, 999 -> 0 is 1, 0 -> 100 is 100
    assertEquals(200, Rapl.deltaMicrojoules(900, 100, 999));
    assertEquals(1, Rapl.deltaMicrojoules(999, 0, 999));
    assertEquals(RANGE - 10 + 1 + 5, Rapl.deltaMicrojoules(10, 5, RANGE));
  }

  @Test
  void packagesAreSummedAndSubZonesPsysAndMmioLeftOut() throws Exception {
    Path pkg0 = zone("intel-rapl:0", "package-0", 1_000_000L);
    Path pkg1 = zone("intel-rapl:1", "package-1", 5_000_000L);
    Path core = zone("intel-rapl:0:0", "core", 100L);
    Path dram = zone("intel-rapl:0:1", "dram", 100L);
    Path psys = zone("intel-rapl:2", "psys", 7L);
    Path mmio = zone("intel-rapl-mmio:0", "package-0", 1_000_000L);
    Samples.write(root, "sys/class/powercap/intel-rapl/enabled", "1\n");
    RaplSampler sampler = RaplSampler.detect(root).orElseThrow();
    assertEquals(0.0, joules(sampler.sample()));
    energy(pkg0, 3_000_000L); // +2 J
    energy(pkg1, 8_000_000L); // +3 J
    energy(core, 1_000_100L);
    energy(dram, 1_000_100L);
    energy(psys, 10_000_007L);
    energy(mmio, 3_000_000L);
    assertEquals(5.0, joules(sampler.sample()), 1e-12);
  }

  @Test
  void unreadableCounterMeansUnavailableAndAnEmptySample() throws Exception {
    Path pkg = zone("intel-rapl:0", "package-0", 1_000_000L);
    RaplSampler sampler = RaplSampler.detect(root).orElseThrow();
    assertEquals(0.0, joules(sampler.sample()));
    // Root-only energy_uj cannot be made unreadable to root (tests may run as root): a directory fails the
    // same read with an IOException.
    Files.delete(pkg.resolve("energy_uj"));
    Files.createDirectory(pkg.resolve("energy_uj"));
    assertEquals(Map.of(), sampler.sample());
    assertTrue(RaplSampler.detect(root).isEmpty());
    Files.delete(pkg.resolve("energy_uj"));
    energy(pkg, 4_000_000L);
    assertEquals(3.0, joules(sampler.sample()), 1e-12); // counted from the last good reading
  }

  @Test
  void permissionDeniedMeansUnavailable() throws Exception {
    Path pkg = zone("intel-rapl:0", "package-0", 1_000_000L);
    Files.setPosixFilePermissions(pkg.resolve("energy_uj"), PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(pkg.resolve("energy_uj")), "running as root: mode 000 does not stop reads");
    assertTrue(RaplSampler.detect(root).isEmpty());
  }

  @Test
  void noPowercapMeansUnavailable() {
    assertTrue(RaplSampler.detect(root).isEmpty());
    assertTrue(new Rapl(root).packages().isEmpty());
    zone("intel-rapl:0:0", "core", 5L); // a sub-zone alone is not a package
    assertTrue(RaplSampler.detect(root).isEmpty());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
