package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Made-up hwmon trees only: no recording of a real INA219/INA3221 hwmon directory was available. The file
 * names and units follow Documentation/hwmon/sysfs-interface.rst, ina2xx.rst and ina3221.rst.
 */
class HwmonPowerTest {

  @TempDir
  Path root;

  private Path hwmon(int n, String name) {
    Path dir = root.resolve("sys/class/hwmon/hwmon" + n);
    Samples.write(dir, "name", name + "\n");
    return dir;
  }

  /** An INA3221 channel: bus voltage in mV, current in mA, optional label. */
  private static void channel(Path hwmon, int k, String label, long millivolts, long milliamps) {
    Samples.write(hwmon, "in" + k + "_input", millivolts + "\n");
    Samples.write(hwmon, "curr" + k + "_input", milliamps + "\n");
    if (label != null) {
      Samples.write(hwmon, "in" + k + "_label", label + "\n");
    }
  }

  private Optional<Double> power() {
    return new HwmonPower(root).power();
  }

  private static void assertWatts(double expected, Optional<Double> actual) {
    assertTrue(actual.isPresent());
    assertEquals(expected, actual.get(), 1e-9);
  }

  @Test
  void ina219ReportsPowerInMicrowattsWhichWinsOverVoltageTimesCurrent() {
    Path ina = hwmon(0, "ina219");
    Samples.write(ina, "in0_input", "5\n"); // shunt voltage, mV
    Samples.write(ina, "in1_input", "5000\n"); // bus voltage, mV
    Samples.write(ina, "curr1_input", "300\n"); // mA: 5 V x 0.3 A = 1.5 W, but the chip's own figure comes first
    Samples.write(ina, "power1_input", "1234000\n"); // µW
    assertWatts(1.234, power());
  }

  @Test
  void ina3221HasNoPowerSoVoltageTimesCurrentPerChannelSummed() {
    Path ina = hwmon(1, "ina3221");
    channel(ina, 1, null, 5000, 400); // 2.0 W
    channel(ina, 2, null, 3300, 100); // 0.33 W
    Samples.write(ina, "in3_input", "1800\n"); // no current: no power
    Samples.write(ina, "in4_input", "20000\n"); // shunt voltage of channel 1, µV: not a rail
    Samples.write(ina, "curr4_input", "500\n"); // sum of the channels' currents: not a rail
    assertWatts(2.33, power());
    assertEquals(2, new HwmonPower(root).channels().size());
  }

  @Test
  void unitsMillivoltsTimesMilliampsAreMicrowatts() {
    channel(hwmon(0, "ina226"), 1, null, 12000, 2500); // 12 V x 2.5 A
    assertWatts(30.0, power());
  }

  @Test
  void aLabelledInputRailIsTheBoardPowerAloneAsOnAJetson() {
    // Xavier NX / Orin Nano style: VDD_IN feeds the other two.
    Path ina = hwmon(2, "ina3221");
    channel(ina, 1, "VDD_IN", 5000, 1000); // 5 W
    channel(ina, 2, "VDD_CPU_GPU_CV", 5000, 300);
    channel(ina, 3, "VDD_SOC", 5000, 200);
    assertWatts(5.0, power());
  }

  @Test
  void agxOrinStyleTwoMonitorsWithNotConnectedChannels() {
    Path first = hwmon(1, "ina3221");
    channel(first, 1, "VDD_GPU_SOC", 5000, 400);
    channel(first, 2, "VDD_CPU_CV", 5000, 160);
    channel(first, 3, "VIN_SYS_5V0", 5000, 660); // 3.3 W
    Path second = hwmon(2, "ina3221");
    channel(second, 1, "NC", 5000, 9999);
    channel(second, 2, "VDDQ_VDD2_1V8AO", 5000, 60);
    channel(second, 3, "NC", 5000, 9999);
    assertWatts(3.3, power());
    assertEquals(4, new HwmonPower(root).channels().size()); // 3 + 1: the NC channels are not channels
  }

  @Test
  void separateUnlabelledMonitorsAreSummed() {
    Samples.write(hwmon(0, "ina219"), "power1_input", "2500000\n");
    Samples.write(hwmon(3, "ina219"), "power1_input", "500000\n");
    assertWatts(3.0, power());
  }

  @Test
  void otherHwmonDevicesAreIgnored() {
    Samples.write(hwmon(0, "coretemp"), "temp1_input", "45000\n");
    Samples.write(hwmon(1, "amdgpu"), "power1_input", "45000000\n"); // a GPU's own sensor, not a board rail
    Samples.write(hwmon(2, "nvme"), "temp1_input", "38000\n");
    assertTrue(power().isEmpty());
    Samples.write(hwmon(4, "ina3221x"), "power1_input", "750000\n");
    assertWatts(0.75, power());
  }

  @Test
  void unreadableOrGarbageChannelsAreSkippedAndNoneMeansAbsent() throws Exception {
    Path ina = hwmon(0, "ina3221");
    Samples.write(ina, "in1_input", "n/a\n");
    Samples.write(ina, "curr1_input", "100\n");
    Files.createDirectories(ina.resolve("in2_input")); // unreadable
    Samples.write(ina, "curr2_input", "100\n");
    Samples.write(ina, "in3_input", "5000\n");
    Samples.write(ina, "curr3_input", "\n");
    assertTrue(power().isEmpty());
    assertTrue(HwmonPowerSampler.detect(root).isEmpty());
    Samples.write(ina, "curr3_input", "200\n"); // 5 V x 0.2 A
    assertWatts(1.0, power());
  }

  @Test
  void samplerReportsPowerAndNothingWithoutSensors() throws Exception {
    assertTrue(HwmonPowerSampler.detect(root).isEmpty());
    assertEquals(Map.of(), new HwmonPowerSampler(root).sample());
    channel(hwmon(0, "ina3221"), 1, "VDD_IN", 5100, 1000);
    HwmonPowerSampler sampler = HwmonPowerSampler.detect(root).orElseThrow();
    assertEquals("hwmon-power", sampler.name());
    assertEquals(Map.of(SystemMetrics.POWER, 5.1), sampler.sample());
  }
}
