package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import static dev.tierbench.agent.system.NvidiaSmiTest.assertMetric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recorded tegrastats lines from Jetson Nano, TX2, AGX Xavier, Xavier NX, Orin NX/Nano and AGX Orin (JetPack 4
 * to 7). The expected values are worked out by hand from the first line of each file.
 */
class TegrastatsTest {

  private static final double MIB = 1024.0 * 1024.0;

  static final List<String> FILES = List.of(
      "tegrastats-agx-orin-32gb-jp6.txt",
      "tegrastats-agx-orin-64gb-jp5.txt",
      "tegrastats-agx-orin-64gb-jp6.txt",
      "tegrastats-agx-orin-jp7.2-jetson_stats.txt",
      "tegrastats-nano-4gb-5w-nopower.txt",
      "tegrastats-nano-4gb-jp4.txt",
      "tegrastats-nano-jp4.6.1-waggle.txt",
      "tegrastats-orin-6core-8gb-jp6-nvenc.txt",
      "tegrastats-tx2-jp4.txt",
      "tegrastats-xavier-agx-jp4.2.txt",
      "tegrastats-xavier-nx-8gb-jp5.txt",
      "tegrastats-xavier-nx-jp4-waggle.txt",
      "tegrastats-xavier-nx-jp5.1.2-waggle.txt");

  /** What every recorded line has: memory, CPU load and frequency, GPU load, a temperature; power but once. */
  @ParameterizedTest
  @MethodSource("files")
  void everyRecordedLineParses(String file) {
    List<String> lines = Samples.lines(file);
    assertFalse(lines.isEmpty());
    for (String line : lines) {
      Map<String, Double> m = Tegrastats.parse(line);
      for (String metric : List.of(Tegrastats.MEMORY_USED, SystemMetrics.CPU_SYSTEM, SystemMetrics.CPU_FREQUENCY,
          SystemMetrics.GPU_UTILIZATION, SystemMetrics.TEMPERATURE)) {
        assertTrue(m.containsKey(metric), () -> file + ": no " + metric + " in " + line);
      }
      assertEquals(!file.contains("nopower"), m.containsKey(SystemMetrics.POWER), () -> file + ": " + line);
      m.values().forEach(v -> assertTrue(Double.isFinite(v) && v >= 0, () -> file + ": " + m));
    }
  }

  static List<String> files() {
    return FILES;
  }

  @Test
  void theListAboveCoversEverySampleFile() throws IOException {
    try (Stream<Path> files = Files.list(Samples.dir("SOURCES.tsv").getParent())) {
      assertEquals(Set.copyOf(FILES), files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("tegrastats-")).collect(Collectors.toSet()));
    }
  }

  private static Map<String, Double> first(String file) {
    return Tegrastats.parse(Samples.lines(file).get(0));
  }

  /** Asserts exactly these metrics (null: absent). */
  private static void assertLine(Map<String, Double> m, double ramMib, double cpuLoad, double cpuMhz,
      double gpuLoad, double celsius, Double gpuCelsius, Double watts, Double gpuWatts) {
    assertMetric(m, Tegrastats.MEMORY_USED, ramMib * MIB);
    assertMetric(m, SystemMetrics.CPU_SYSTEM, cpuLoad);
    assertMetric(m, SystemMetrics.CPU_FREQUENCY, cpuMhz * 1e6);
    assertMetric(m, SystemMetrics.GPU_UTILIZATION, gpuLoad);
    assertMetric(m, SystemMetrics.TEMPERATURE, celsius);
    assertMetric(m, SystemMetrics.GPU_TEMPERATURE, gpuCelsius);
    assertMetric(m, SystemMetrics.POWER, watts);
    assertMetric(m, SystemMetrics.GPU_POWER, gpuWatts);
    long expected = 5 + (gpuCelsius == null ? 0 : 1) + (watts == null ? 0 : 1) + (gpuWatts == null ? 0 : 1);
    assertEquals(expected, m.size(), m::toString);
  }

  @Test
  void nanoJetPack4WithPomRailsWithoutUnits() {
    // RAM 936/3964MB ... CPU [10%@102,3%@102,0%@102,0%@102] GR3D_FREQ 0%@76
    // PLL@24C CPU@27.5C PMIC@50C GPU@28C AO@29.5C thermal@28C POM_5V_IN 920/920 POM_5V_GPU 0/0 POM_5V_CPU 119/119
    // load (10+3+0+0)/4 = 3.25 %; hottest AO 29.5 (PMIC 50 is the fake sensor); input rail 920 mW, GPU rail 0 mW
    assertLine(first("tegrastats-nano-4gb-jp4.txt"), 936, 0.0325, 102, 0.0, 29.5, 28.0, 0.920, 0.0);
  }

  @Test
  void theCurrentRailValueIsUsedNotTheAverage() {
    // second line: POM_5V_IN 1537/1228 POM_5V_GPU 0/0; CPU [3%@1479,0%@1479,7%@1479,19%@1479] -> 29/4 = 7.25 %
    Map<String, Double> m = Tegrastats.parse(Samples.lines("tegrastats-nano-4gb-jp4.txt").get(1));
    assertLine(m, 958, 0.0725, 1479, 0.0, 29.0, 28.5, 1.537, 0.0);
    // AGX Orin, second line: VIN_SYS_5V0 3215mW/3265mW
    Map<String, Double> orin = Tegrastats.parse(Samples.lines("tegrastats-agx-orin-64gb-jp6.txt").get(1));
    assertEquals(3.215, orin.get(SystemMetrics.POWER), 1e-12);
    assertEquals(2.797, orin.get(SystemMetrics.GPU_POWER), 1e-12);
  }

  @Test
  void nanoJetPack461() {
    // CPU [5%@1224,4%@1224,3%@1224,6%@1224] -> 18/4 = 4.5 %; PLL@37C CPU@40C PMIC@50C GPU@40C AO@45C thermal@40C
    assertLine(first("tegrastats-nano-jp4.6.1-waggle.txt"), 1923, 0.045, 1224, 0.0, 45.0, 40.0, 1.750, 0.0);
  }

  @Test
  void nanoIn5WattModeWithTwoCoresOffAndNoRails() {
    // CPU [28%@921,19%@921,off,off] -> 47/2 = 23.5 % over the online cores
    // PLL@41C CPU@42.5C PMIC@50C GPU@40.5C AO@50C thermal@41.75C: AO's 50 counts, PMIC's does not
    assertLine(first("tegrastats-nano-4gb-5w-nopower.txt"), 1758, 0.235, 921, 0.0, 50.0, 40.5, null, null);
  }

  @Test
  void tx2WithVddSysRails() {
    // CPU [9%,21%,25%,3%,1%,1% @345] -> 60/6 = 10 %; PMIC@100C ignored, hottest 42.5 (PLL, MCPU, BCPU)
    // VDD_SYS_GPU 153/158 ... VDD_IN 3140/3208: input 3.140 W, GPU 0.153 W
    assertLine(first("tegrastats-tx2-jp4.txt"), 2020, 0.10, 345, 0.0, 42.5, 41.0, 3.140, 0.153);
  }

  @Test
  void agxXavierJetPack42HasNoInputRailSoAllRailsAreSummed() {
    // CPU 8 x 0%@1190; AO@30C GPU@30.5C Tboard@31C Tdiode@32C AUX@30.5C CPU@31.5C thermal@30.8C PMIC@100C
    // GPU 463/463 CPU 618/618 SOC 2936/2936 CV 0/0 VDDRQ 309/309 SYS5V 3306/3306
    // power = 463 + 618 + 2936 + 0 + 309 + 3306 = 7632 mW
    assertLine(first("tegrastats-xavier-agx-jp4.2.txt"), 14700, 0.0, 1190, 0.0, 32.0, 30.5, 7.632, 0.463);
  }

  @Test
  void xavierNxJetPack4WithOldRailFormatAndMts() {
    // CPU 47+23+32+22+31+96 = 251 / 6 %; GR3D_FREQ 0%@1109; MTS fg 1% bg 9% ignored
    // AO@29C GPU@31.5C PMIC@100C AUX@30C CPU@33.5C thermal@31.35C; VDD_IN 6140/5510
    // VDD_CPU_GPU_CV is CPU, GPU and CV together: no GPU power
    assertLine(first("tegrastats-xavier-nx-jp4-waggle.txt"), 5246, 2.51 / 6, 1420, 0.0, 33.5, 31.5, 6.140, null);
  }

  @Test
  void xavierNxJetPack5WithTimestampAndOfflineCores() {
    // CPU [99%@1189,100%@1188,100%@1189,98%@1189,off,off] -> 397/4 = 99.25 %, (1189+1188+1189+1189)/4 = 1188.75
    // GR3D_FREQ 22%; AUX@36.5C CPU@40C thermal@37.85C AO@37.5C GPU@38C PMIC@50C; VDD_IN 5542mW/5542mW
    assertLine(first("tegrastats-xavier-nx-8gb-jp5.txt"), 2274, 0.9925, 1188.75, 0.22, 40.0, 38.0, 5.542, null);
  }

  @Test
  void xavierNxJetPack512WithBracketedGpuFrequency() {
    // CPU loads 23+17+16+13+23+10 = 102 / 6 = 17 %; MHz 1397+1192+4x1190 = 7349 / 6
    // GR3D_FREQ 0%@[114]; AUX@45C CPU@46.5C thermal@45.6C AO@45C GPU@45.5C PMIC@50C; VDD_IN 2763mW/2846mW
    assertLine(first("tegrastats-xavier-nx-jp5.1.2-waggle.txt"), 3168, 0.17, 7349.0 / 6, 0.0, 46.5, 45.5, 2.763, null);
  }

  @Test
  void orinNxOrNanoJetPack6() {
    // CPU [97,95,95,91,88 @1984, 93%@247] -> 559/6 %, (5x1984+247)/6 = 1694.5 MHz; GR3D_FREQ 84%@[713]
    // hottest cpu@65.562C = tj@65.562C; gpu@63.5C; VDD_IN 17946mW/15710mW; VDD_CPU_GPU_CV not GPU-only
    assertLine(first("tegrastats-orin-6core-8gb-jp6-nvenc.txt"), 6982, 5.59 / 6, 1694.5, 0.84, 65.562, 63.5,
        17.946, null);
  }

  @Test
  void agxOrinJetPack5WithSwitchedOffSensors() {
    // CPU 12 x 0%@729; CV0@-256C, CV1@-256C, GPU@-256C, CV2@-256C are sensors that are off: absent, not -256
    // CPU@44.562C is the hottest; VIN_SYS_5V0 4025mW; VDD_GPU_SOC 2340mW; NC channels ignored
    assertLine(first("tegrastats-agx-orin-64gb-jp5.txt"), 4321, 0.0, 729, 0.0, 44.562, null, 4.025, 2.340);
  }

  @Test
  void agxOrin32JetPack6() {
    // 8 x 0%@729, 4 off; GR3D_FREQ 0%; cpu@43.343C soc2@39.812C soc0@40.312C tj@43.343C soc1@38.843C (no gpu@)
    // VDD_GPU_SOC 1995mW/1995mW VDD_CPU_CV 0mW/0mW VIN_SYS_5V0 2524mW/2524mW
    assertLine(first("tegrastats-agx-orin-32gb-jp6.txt"), 1313, 0.0, 729, 0.0, 43.343, null, 2.524, 1.995);
  }

  @Test
  void agxOrin64JetPack6() {
    // CPU [7%@1728,31%@1036,7%@1036,42%@1036,4%@1420,5%@729,6%@729,1%@729,off x4]
    // load 103/8 = 12.875 %; MHz (1728 + 3x1036 + 1420 + 3x729)/8 = 8443/8 = 1055.375; GR3D_FREQ 39%@[305,0]
    // cpu@43.906C soc2@40.406C soc0@41.187C gpu@40.093C tj@43.906C soc1@40.437C
    // VDD_GPU_SOC 2798mW/2798mW VDD_CPU_CV 799mW/799mW VIN_SYS_5V0 3315mW/3315mW
    assertLine(first("tegrastats-agx-orin-64gb-jp6.txt"), 17953, 0.12875, 1055.375, 0.39, 43.906, 40.093, 3.315,
        2.798);
  }

  @Test
  void agxOrinJetPack72WithCurrentAverageMaximumFormats() {
    // 12 cores @2201, loads sum 191 -> 191/12 %; GR3D_FREQ 12%@[1300,1300]
    // cpu@52.968C/52.968C soc2@48.406C/48.406C soc0@49.531C/49.531C gpu@47.625C/47.625C (current/max)
    // VDD_GPU_SOC 5139mW/5139mW/5139mW VIN_SYS_5V0 5500mW/5500mW/5500mW (current/average/max)
    assertLine(first("tegrastats-agx-orin-jp7.2-jetson_stats.txt"), 20642, 1.91 / 12, 2201, 0.12, 52.968, 47.625,
        5.5, 5.139);
  }

  @Test
  void railsAreReadByNameWithoutMistakingMemoryForThem() {
    Map<String, Double> rails = Tegrastats.rails(Samples.lines("tegrastats-tx2-jp4.txt").get(0));
    assertEquals(List.of("VDD_SYS_GPU", "VDD_SYS_SOC", "VDD_4V0_WIFI", "VDD_IN", "VDD_SYS_CPU", "VDD_SYS_DDR"),
        List.copyOf(rails.keySet()));
    // RAM 936/3964MB, SWAP 0/4096MB, IRAM 0/252kB are not rails
    assertEquals(List.of("POM_5V_IN", "POM_5V_GPU", "POM_5V_CPU"),
        List.copyOf(Tegrastats.rails(Samples.lines("tegrastats-nano-4gb-jp4.txt").get(0)).keySet()));
  }

  @Test
  void junkGivesNothingAndNeverThrows() {
    for (String junk : List.of("", "   ", "tegrastats: command not found", "Warning: not running as root",
        "RAM x/yMB CPU [", "CPU [off,off,off,off] GR3D_FREQ %", "VDD_IN 5000mW", "PMIC@100C", "CV0@-256C",
        "@@@ C 1/2 / %@")) {
      assertEquals(Map.of(), Tegrastats.parse(junk), junk);
    }
  }

  @Test
  void aPartialLineGivesWhatItHas() {
    Map<String, Double> m = Tegrastats.parse("RAM 100/3964MB CPU [off,off] GR3D_FREQ 50%");
    assertEquals(Map.of(Tegrastats.MEMORY_USED, 100 * MIB, SystemMetrics.GPU_UTILIZATION, 0.5), m);
  }
}
