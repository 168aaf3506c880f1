package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysfsThermalTest {

  @TempDir
  Path root;

  private static final String FREQ = SystemMetrics.CPU_FREQUENCY;
  private static final String MAX = SysfsThermal.CPU_MAX_FREQUENCY;
  private static final String TEMP = SystemMetrics.TEMPERATURE;
  private static final String TRIP = SysfsThermal.TEMPERATURE_TRIP;

  private void cpu(int n, String file, String value) {
    Samples.write(root, "sys/devices/system/cpu/cpu" + n + "/cpufreq/" + file, value + "\n");
  }

  private Path zone(String dir, int n, String type, String temp) {
    Path zone = root.resolve(dir).resolve("thermal_zone" + n);
    Samples.write(zone, "type", type + "\n");
    if (temp != null) {
      Samples.write(zone, "temp", temp + "\n");
    }
    return zone;
  }

  @Test
  void recordedNodeExporterFixture() {
    // cpu0: scaling_cur_freq 1699981 kHz, scaling_max_freq 3700000 kHz (no cpuinfo_max_freq);
    // sys/devices/virtual/thermal/thermal_zone0 (no sys/class/thermal in the fixture): temp 12376 m°C, no trips
    Map<String, Double> m =
        new SysfsThermal(Samples.dir("sysfs-cpufreq-thermal-x86-node_exporter-fixture")).read();
    assertEquals(Map.of(FREQ, 1_699_981_000.0, MAX, 3_700_000_000.0, TEMP, 12.376), m);
  }

  @Test
  void meanCurrentFrequencyAndHighestHardwareMaximum() {
    cpu(0, "scaling_cur_freq", "600000");
    cpu(0, "cpuinfo_max_freq", "1500000");
    cpu(0, "scaling_max_freq", "1000000"); // capped: the hardware maximum is what a drop is judged against
    cpu(1, "scaling_cur_freq", "1200000");
    cpu(1, "cpuinfo_max_freq", "2000000");
    cpu(2, "scaling_cur_freq", "1800000");
    cpu(2, "scaling_max_freq", "1800000");
    Samples.write(root, "sys/devices/system/cpu/cpu3/online", "0\n"); // offline: no cpufreq
    Samples.write(root, "sys/devices/system/cpu/cpufreq/boost", "1\n"); // not a CPU
    Samples.write(root, "sys/devices/system/cpu/cpuidle/current_driver", "none\n");
    // (600000 + 1200000 + 1800000) / 3 kHz = 1.2 GHz; max(1.5, 2.0, 1.8) GHz
    assertEquals(Map.of(FREQ, 1.2e9, MAX, 2.0e9), new SysfsThermal(root).read());
  }

  @Test
  void hottestZoneThroughClassSymlinksAndVirtualDirectories() throws Exception {
    Path zone0 = zone("sys/devices/virtual/thermal", 0, "x86_pkg_temp", "45000");
    Files.createDirectories(root.resolve("sys/class/thermal"));
    Files.createSymbolicLink(root.resolve("sys/class/thermal/thermal_zone0"), zone0);
    zone("sys/devices/virtual/thermal", 1, "acpitz", "91500"); // only under devices/virtual
    zone("sys/class/thermal", 2, "cpu-thermal", "52250"); // only under class
    zone("sys/devices/virtual/thermal", 3, "soc_dram", "-256000"); // switched off
    assertEquals(Map.of(TEMP, 91.5), new SysfsThermal(root).read());
  }

  @Test
  void lowestPassiveOrHotTripPoint() {
    Path cpu = zone("sys/class/thermal", 0, "cpu-thermal", "61000");
    Samples.write(cpu, "trip_point_0_type", "critical\n");
    Samples.write(cpu, "trip_point_0_temp", "105000\n");
    Samples.write(cpu, "trip_point_1_type", "passive\n");
    Samples.write(cpu, "trip_point_1_temp", "85000\n");
    Samples.write(cpu, "trip_point_2_type", "active\n"); // a fan step, not throttling
    Samples.write(cpu, "trip_point_2_temp", "60000\n");
    Path gpu = zone("sys/class/thermal", 1, "gpu-thermal", "48000");
    Samples.write(gpu, "trip_point_0_type", "hot\n");
    Samples.write(gpu, "trip_point_0_temp", "82500\n");
    Samples.write(gpu, "trip_point_1_type", "passive\n");
    Samples.write(gpu, "trip_point_1_temp", "0\n"); // unset
    assertEquals(Map.of(TEMP, 61.0, TRIP, 82.5), new SysfsThermal(root).read());
  }

  @Test
  void jetsonNanoZonesFromTheRecordedTypeListingWithoutTheFakePmic() {
    // The recorded listing gives the zone numbers and types; the temperatures are made up.
    Pattern line = Pattern.compile("/sys/class/thermal/thermal_zone(\\d+): (.+)");
    Map<String, String> temps = Map.of("AO-therm", "29500", "CPU-therm", "27500", "GPU-therm", "28000",
        "PLL-therm", "24000", "PMIC-Die", "100000", "thermal-fan-est", "28000");
    int zones = 0;
    for (String listed : Samples.lines("sysfs-thermal-zone-types-jetson-nano-2gb.txt")) {
      Matcher m = line.matcher(listed);
      assertTrue(m.matches(), listed);
      zone("sys/class/thermal", Integer.parseInt(m.group(1)), m.group(2), temps.get(m.group(2)));
      zones++;
    }
    assertEquals(6, zones);
    assertEquals(Map.of(TEMP, 29.5), new SysfsThermal(root).read()); // not PMIC-Die's constant 100
  }

  @Test
  void unreadableMissingAndGarbageFilesAreAbsentNotZero() throws Exception {
    cpu(0, "scaling_cur_freq", "garbage");
    Files.createDirectories(root.resolve("sys/devices/system/cpu/cpu1/cpufreq/scaling_cur_freq")); // EISDIR
    cpu(2, "scaling_cur_freq", "");
    cpu(3, "scaling_governor", "powersave"); // no frequency files at all
    zone("sys/class/thermal", 0, "cpu-thermal", "n/a");
    zone("sys/class/thermal", 1, "gpu-thermal", null); // no temp file
    Files.createDirectories(root.resolve("sys/class/thermal/thermal_zone2/temp"));
    Path zone3 = zone("sys/class/thermal", 3, "soc-thermal", "");
    Samples.write(zone3, "trip_point_0_type", "passive\n"); // its temperature is missing
    assertEquals(Map.of(), new SysfsThermal(root).read());
    // One readable sensor among the broken ones is reported alone.
    cpu(4, "scaling_cur_freq", "900000");
    zone("sys/class/thermal", 4, "aux-thermal", "40000");
    assertEquals(Map.of(FREQ, 9e8, TEMP, 40.0), new SysfsThermal(root).read());
  }

  @Test
  void aMachineWithoutCpufreqOrThermalZonesGivesAnEmptyMap() throws Exception {
    // Like this project's VMs: CPU directories without cpufreq, an empty sys/class/thermal.
    Samples.write(root, "sys/devices/system/cpu/cpu0/topology/core_id", "0\n");
    Samples.write(root, "sys/devices/system/cpu/cpu1/topology/core_id", "1\n");
    Files.createDirectories(root.resolve("sys/class/thermal"));
    assertEquals(Map.of(), new SysfsThermal(root).read());
    assertEquals(Map.of(), new SysfsThermal(root.resolve("nonexistent")).read());
  }

  @Test
  void samplerDetectsOnlyATreeWithFigures() throws Exception {
    assertTrue(SysfsThermalSampler.detect(root).isEmpty());
    zone("sys/class/thermal", 0, "cpu-thermal", "47000");
    SysfsThermalSampler sampler = SysfsThermalSampler.detect(root).orElseThrow();
    assertEquals("sysfs-thermal", sampler.name());
    assertEquals(Map.of(TEMP, 47.0), sampler.sample());
    Samples.write(root, "sys/class/thermal/thermal_zone0/temp", "49500\n");
    assertEquals(Map.of(TEMP, 49.5), sampler.sample()); // read afresh at each sample
    Files.delete(root.resolve("sys/class/thermal/thermal_zone0/temp"));
    assertEquals(Map.of(), sampler.sample());
  }
}
