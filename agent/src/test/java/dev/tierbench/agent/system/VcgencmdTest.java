package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Recorded Raspberry Pi vcgencmd output (several files hold several commands' output). */
class VcgencmdTest {

  private static final String TEMP = SystemMetrics.TEMPERATURE;
  private static final String THROTTLED = SystemMetrics.THROTTLED;
  private static final String UV = Vcgencmd.UNDER_VOLTAGE;
  private static final String SINCE_BOOT = Vcgencmd.THROTTLED_SINCE_BOOT;
  private static final String FREQ = SystemMetrics.CPU_FREQUENCY;

  private static Map<String, Double> parse(String file) {
    return Vcgencmd.parse(Samples.text(file));
  }

  @Test
  void pi3BPlusClockTemperatureAndNoThrottling() {
    // frequency(45)=1400000000, temp=62.3'C, throttled=0x0
    assertEquals(Map.of(FREQ, 1.4e9, TEMP, 62.3, THROTTLED, 0.0, UV, 0.0, SINCE_BOOT, 0.0),
        parse("vcgencmd-measure_clock-temp-throttled-pi3bplus-0x0.txt"));
  }

  @Test
  void pi3UnderVoltageNowAndThrottledNow() {
    // 0x50005 = bits 0 (under-voltage now), 2 (throttled now), 16 and 18 (both have occurred)
    // temp=38.6'C twice
    assertEquals(Map.of(TEMP, 38.6, THROTTLED, 1.0, UV, 1.0, SINCE_BOOT, 1.0),
        parse("vcgencmd-measure_temp-get_throttled-pi3-0x50005.txt"));
  }

  @Test
  void pi3ThrottledEarlierButNotNowAndTheLaterTemperatureWins() {
    // 0x50000 = bits 16 and 18 only: nothing now; temp=39.2'C then temp=38.6'C
    assertEquals(Map.of(TEMP, 38.6, THROTTLED, 0.0, UV, 0.0, SINCE_BOOT, 1.0),
        parse("vcgencmd-measure_temp-get_throttled-pi3-0x50000.txt"));
  }

  @Test
  void pi2ClockWithVoltageLinesIgnored() {
    // frequency(45)=900000000, volt=1.3000V, over_voltage=-2
    assertEquals(Map.of(FREQ, 9e8), parse("vcgencmd-measure_clock-volts-pi2.txt"));
  }

  @Test
  void aLoopOverAllClocksCountsOnlyTheArm() {
    // arm:\tfrequency(45)=600000000, core 250 MHz, v3d 0, uart 47999000, ...
    assertEquals(Map.of(FREQ, 6e8), parse("vcgencmd-measure_clock-all-openelec-pi.txt"));
  }

  @Test
  void temperatureOnly() {
    assertEquals(Map.of(TEMP, 49.4), parse("vcgencmd-measure_temp-openelec-pi.txt"));
    assertEquals(Map.of(TEMP, 52.1), parse("vcgencmd-measure_temp-pi-bashtop.txt"));
  }

  @Test
  void eachThrottledBit() {
    assertEquals(Map.of(THROTTLED, 0.0, UV, 1.0, SINCE_BOOT, 0.0), Vcgencmd.parse("throttled=0x1"));
    assertEquals(Map.of(THROTTLED, 1.0, UV, 0.0, SINCE_BOOT, 0.0), Vcgencmd.parse("throttled=0x2"));
    assertEquals(Map.of(THROTTLED, 1.0, UV, 0.0, SINCE_BOOT, 0.0), Vcgencmd.parse("throttled=0x4"));
    assertEquals(Map.of(THROTTLED, 1.0, UV, 0.0, SINCE_BOOT, 0.0), Vcgencmd.parse("throttled=0x8"));
    // bit 16 is under-voltage has occurred: not throttling
    assertEquals(Map.of(THROTTLED, 0.0, UV, 0.0, SINCE_BOOT, 0.0), Vcgencmd.parse("throttled=0x10000"));
    for (String bits : List.of("0x20000", "0x40000", "0x80000")) {
      assertEquals(Map.of(THROTTLED, 0.0, UV, 0.0, SINCE_BOOT, 1.0), Vcgencmd.parse("throttled=" + bits), bits);
    }
    assertEquals(Map.of(THROTTLED, 1.0, UV, 1.0, SINCE_BOOT, 1.0), Vcgencmd.parse("throttled=0xF000F"));
  }

  @Test
  void unitsAreKept() {
    // measure_clock prints Hz already; measure_temp degrees Celsius
    assertEquals(Map.of(FREQ, 1.8e9, TEMP, -4.5), Vcgencmd.parse("frequency(48)=1800000000\r\ntemp=-4.5'C\r\n"));
  }

  @Test
  void junkAndErrorsGiveNothing() {
    for (String junk : List.of("", "error=1 error_msg=\"Command not registered\"", "VCHI initialization failed",
        "temp=hot'C", "throttled=0xZZ", "frequency(48)=", "volt=1.2000V", "arm:\tfrequency(45)=0",
        "core:\tfrequency(1)=250000000")) {
      assertEquals(Map.of(), Vcgencmd.parse(junk), junk);
    }
  }
}
