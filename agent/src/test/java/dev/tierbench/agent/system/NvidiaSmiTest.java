package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NvidiaSmiTest {

  private static final double MIB = 1024.0 * 1024.0;

  /** The expected metrics of one GPU; a null value means the metric must be absent. */
  private static void assertGpu(Map<String, Double> gpu, Double utilization, Double memoryMib, Double watts,
      Double celsius, Double megahertz) {
    assertMetric(gpu, SystemMetrics.GPU_UTILIZATION, utilization);
    assertMetric(gpu, SystemMetrics.GPU_MEMORY_USED, memoryMib == null ? null : memoryMib * MIB);
    assertMetric(gpu, SystemMetrics.GPU_POWER, watts);
    assertMetric(gpu, SystemMetrics.GPU_TEMPERATURE, celsius);
    assertMetric(gpu, SystemMetrics.GPU_CLOCK, megahertz == null ? null : megahertz * 1e6);
  }

  static void assertMetric(Map<String, Double> metrics, String name, Double expected) {
    if (expected == null) {
      assertFalse(metrics.containsKey(name), () -> name + " should be absent in " + metrics);
    } else {
      assertTrue(metrics.containsKey(name), () -> name + " missing in " + metrics);
      assertEquals(expected, metrics.get(name), Math.abs(expected) * 1e-12, name);
    }
  }

  @Test
  void theSamplersOwnQueryWithoutHeaderOrUnits() {
    List<Map<String, Double>> gpus = NvidiaSmi.parse("0, 45, 1234, 250.00, 60, 1980\n1, 0, 0, 35.5, 31, 210\n");
    assertEquals(2, gpus.size());
    assertGpu(gpus.get(0), 0.45, 1234.0, 250.0, 60.0, 1980.0);
    // Zeros that nvidia-smi printed are values, not absences.
    assertGpu(gpus.get(1), 0.0, 0.0, 35.5, 31.0, 210.0);
  }

  @Test
  void notAvailableAndUnsupportedValuesAreAbsentNeverZero() {
    List<Map<String, Double>> gpus =
        NvidiaSmi.parse("0, [N/A], [Not Supported], N/A, , 1410\n1, [Unknown Error], 12, [N/A], 40, [N/A]\n");
    assertEquals(2, gpus.size());
    assertGpu(gpus.get(0), null, null, null, null, 1410.0);
    assertGpu(gpus.get(1), null, 12.0, null, 40.0, null);
  }

  @Test
  void windowsLineEndingsParseLikeUnixOnes() {
    String unix = "0, 45, 1234, 250.00, 60, 1980\n1, 7, 575, 97.99, 44, 2040\n";
    List<Map<String, Double>> gpus = NvidiaSmi.parse(unix.replace("\n", "\r\n"));
    assertEquals(NvidiaSmi.parse(unix), gpus);
    assertEquals(2, gpus.size());
    assertGpu(gpus.get(1), 0.07, 575.0, 97.99, 44.0, 2040.0);
  }

  @Test
  void unitsInValuesAreConvertedAndWrongUnitsRefused() {
    Map<String, Double> gpu = NvidiaSmi.parse("0, 45 %, 2 MiB, 1.5 W, 60, 1 MHz").get(0);
    assertGpu(gpu, 0.45, 2.0, 1.5, 60.0, 1.0);
    // A unit the field never has (W for utilization, GHz, KiB) is not silently rescaled.
    Map<String, Double> wrong = NvidiaSmi.parse("0, 45 W, 2 KiB, 1500 mW, 60, 1.9 GHz").get(0);
    assertGpu(wrong, null, null, null, 60.0, null);
  }

  @Test
  void headerWithUnitsAndValuesWithUnitsAsUsersPasteThem() {
    String text = "index, utilization.gpu [%], memory.used [MiB], power.draw [W], temperature.gpu, "
        + "clocks.current.sm [MHz]\n"
        + "0, 45 %, 1234 MiB, 250.00 W, 60, 1980 MHz\n";
    List<Map<String, Double>> gpus = NvidiaSmi.parse(text);
    assertEquals(1, gpus.size());
    assertGpu(gpus.get(0), 0.45, 1234.0, 250.0, 60.0, 1980.0);
  }

  @Test
  void columnsAreFoundByNameWhateverTheirOrder() {
    String text = "clocks.sm [MHz], temperature.gpu, name, memory.used [MiB]\n1500 MHz, 50, Tesla T4, 10 MiB\n";
    assertGpu(NvidiaSmi.parse(text).get(0), null, 10.0, null, 50.0, 1500.0);
  }

  // Recorded full --query-gpu=<every field> --format=csv captures (header with units, 200+ columns).

  @Test
  void h100UnderLoad() {
    List<Map<String, Double>> gpus = NvidiaSmi.parse(
        Samples.text("nvidia-smi-query-gpu-h100-80gb-hbm3-load-drv590.48.01.csv"));
    assertEquals(1, gpus.size());
    assertGpu(gpus.get(0), 1.00, 19818.0, 631.95, 59.0, 1980.0);
  }

  @Test
  void h100Idle() {
    List<Map<String, Double>> gpus = NvidiaSmi.parse(
        Samples.text("nvidia-smi-query-gpu-h100-80gb-hbm3-idle-drv590.48.01.csv"));
    assertEquals(1, gpus.size());
    assertGpu(gpus.get(0), 0.0, 0.0, 69.85, 41.0, 345.0);
  }

  @Test
  void h200WithMigReportsNoUtilization() {
    // With MIG enabled utilization.gpu is [N/A]: absent, not 0 % on a GPU at 295 W.
    List<Map<String, Double>> gpus = NvidiaSmi.parse(
        Samples.text("nvidia-smi-query-gpu-h200-mig-load-drv590.48.01.csv"));
    assertEquals(1, gpus.size());
    assertGpu(gpus.get(0), null, 16959.0, 295.01, 36.0, 1980.0);
  }

  @Test
  void l40sUnderLoad() {
    assertGpu(only("nvidia-smi-query-gpu-l40s-load-drv595.80.csv"), 0.09, 1235.0, 110.23, 54.0, 2520.0);
  }

  @Test
  void rtx4080SuperUnderLoad() {
    assertGpu(only("nvidia-smi-query-gpu-rtx4080super-load-drv595.71.05.csv"), 0.07, 1474.0, 84.24, 46.0, 2805.0);
  }

  @Test
  void rtx2080SuperOnWindows() {
    assertGpu(only("nvidia-smi-query-gpu-rtx2080super-windows-load-drv610.62.csv"),
        0.07, 1366.0, 97.99, 44.0, 2040.0);
  }

  @Test
  void aShortWindowsQueryWithOnlyMemory() {
    assertGpu(only("nvidia-smi-query-gpu-rtx2080super-windows-wddm-drv466.63.csv"), null, 575.0, null, null, null);
  }

  @Test
  void headerWithUnitsButValuesWithout() {
    // csv,nounits keeps the units in the header only.
    assertGpu(only("nvidia-smi-query-gpu-tesla-p100-nounits-netdata.csv"), 0.0, 0.0, 28.16, 37.0, 405.0);
  }

  // Recorded header-less outputs of other queries: parsed with the query's field list.

  @Test
  void gtx770OnWindowsWithUnitsAndNotSupported() {
    List<Map<String, Double>> gpus = NvidiaSmi.parse(
        Samples.text("nvidia-smi-query-noheader-gtx770-windows-NotSupported.csv"),
        List.of("gpu_name", "utilization.gpu", "utilization.memory", "temperature.gpu", "power.draw",
            "power.limit", "fan.speed", "pstate", "clocks.current.graphics", "clocks.current.memory",
            "power.max_limit", "power.default_limit"));
    assertEquals(1, gpus.size());
    assertGpu(gpus.get(0), null, null, null, 52.0, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nvidia-smi-query-noheader-nounits-NA-i3pystatus.csv",
      "nvidia-smi-query-noheader-nounits-NotSupported-i3pystatus.csv"})
  void i3pystatusQueryWithNaAndNotSupportedFanSpeed(String file) {
    List<Map<String, Double>> gpus = NvidiaSmi.parse(Samples.text(file), List.of("memory.total", "memory.free",
        "memory.used", "temperature.gpu", "fan.speed", "utilization.gpu", "utilization.memory"));
    assertEquals(1, gpus.size());
    assertGpu(gpus.get(0), 0.0, 0.0, null, 44.0, null);
  }

  @Test
  void rtx2080WithBareNa() {
    List<Map<String, Double>> gpus = NvidiaSmi.parse(
        Samples.text("nvidia-smi-query-noheader-nounits-rtx2080-drv440.64.csv"),
        List.of("power.limit", "power.min_limit", "power.max_limit", "memory.total", "vbios_version",
            "driver_version", "name", "gpu_uuid", "power.draw", "temperature.gpu", "temperature.memory",
            "clocks.current.graphics", "clocks.sm", "clocks.mem", "utilization.gpu", "utilization.memory",
            "fan.speed", "pcie.link.width.current", "pstate"));
    assertEquals(1, gpus.size());
    assertGpu(gpus.get(0), 0.86, null, 176.98, 45.0, 1965.0);
  }

  @Test
  void threeGpusAggregatedBySumAndMaximum() {
    String text = Samples.text("nvidia-smi-query-power.draw-noheader-nounits-3gpu.csv");
    List<Map<String, Double>> gpus = NvidiaSmi.parse(text, List.of("power.draw"));
    assertEquals(3, gpus.size());
    assertGpu(gpus.get(2), null, null, 104.34, null, null);
    // 133.91 + 189.84 + 104.34
    Map<String, Double> all = NvidiaSmi.aggregate(gpus);
    assertEquals(1, all.size());
    assertEquals(428.09, all.get(SystemMetrics.GPU_POWER), 1e-9);
    // Read as the sampler's own six-column query, these one-column lines are not GPUs.
    assertTrue(NvidiaSmi.parse(text).isEmpty());
  }

  @Test
  void aggregateSumsPowerAndMemoryAndTakesTheMaximumOfTheRest() {
    List<Map<String, Double>> gpus = NvidiaSmi.parse(
        "0, 10, 1000, 100.0, 40, 1000\n1, 90, 3000, [N/A], 70, 1500\n2, [N/A], 24, 50.5, 55, 1980\n");
    Map<String, Double> all = NvidiaSmi.aggregate(gpus);
    assertGpu(all, 0.90, 4024.0, 150.5, 70.0, 1980.0);
    assertTrue(NvidiaSmi.aggregate(List.of()).isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"nvidia-smi-table-h100-80gb-hbm3-load-drv590.48.01.txt",
      "nvidia-smi-table-rtx4080super-load-drv595.71.05.txt", "nvidia-smi-dmon-h100-80gb-hbm3-load-drv590.48.01.txt"})
  void otherNvidiaSmiOutputsAreNotMistakenForGpus(String file) {
    assertEquals(List.of(), NvidiaSmi.parse(Samples.text(file)));
  }

  @Test
  void junkIsSkipped() {
    String text = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n"
        + "No devices were found\n\n   \n0, 45, 1234, 250.00, 60, 1980\n1, 2, 3\n";
    List<Map<String, Double>> gpus = NvidiaSmi.parse(text);
    assertEquals(1, gpus.size());
    assertGpu(gpus.get(0), 0.45, 1234.0, 250.0, 60.0, 1980.0);
    assertEquals(List.of(), NvidiaSmi.parse(""));
  }

  private static Map<String, Double> only(String file) {
    List<Map<String, Double>> gpus = NvidiaSmi.parse(Samples.text(file));
    assertEquals(1, gpus.size(), file);
    return gpus.get(0);
  }
}
