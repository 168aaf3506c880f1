package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the sampler against stand-in vcgencmd scripts answering with recorded Pi output. */
class VcgencmdSamplerTest {

  @TempDir
  Path bin;

  @Test
  void runsTheThreeCommands() throws Exception {
    Samples.script(bin, "vcgencmd", """
        case "$1 $2" in
          "measure_temp ") echo "temp=38.6'C" ;;
          "get_throttled ") echo "throttled=0x50005" ;;
          "measure_clock arm") echo "frequency(48)=1400000000" ;;
          *) echo "error=2 error_msg=\\"Invalid arguments: $*\\"" ; exit 2 ;;
        esac
        """);
    VcgencmdSampler sampler = VcgencmdSampler.detect("/nonexistent:" + bin).orElseThrow();
    assertEquals("vcgencmd", sampler.name());
    assertEquals(Map.of(SystemMetrics.TEMPERATURE, 38.6, SystemMetrics.THROTTLED, 1.0, Vcgencmd.UNDER_VOLTAGE, 1.0,
        Vcgencmd.THROTTLED_SINCE_BOOT, 1.0, SystemMetrics.CPU_FREQUENCY, 1.4e9), sampler.sample());
  }

  @Test
  void aCommandTheFirmwareDoesNotKnowLeavesOnlyItsMetricsOut() throws Exception {
    Samples.script(bin, "vcgencmd", """
        case "$1" in
          measure_temp) echo "temp=62.3'C" ;;
          measure_clock) echo "frequency(45)=600000000" ;;
          *) echo 'error=1 error_msg="Command not registered"' ; exit 255 ;;
        esac
        """);
    VcgencmdSampler sampler = VcgencmdSampler.detect(bin.toString()).orElseThrow();
    assertEquals(Map.of(SystemMetrics.TEMPERATURE, 62.3, SystemMetrics.CPU_FREQUENCY, 6e8), sampler.sample());
  }

  @Test
  void absentWithoutTheFirmwareInterface() {
    Samples.script(bin, "vcgencmd", "echo 'VCHI initialization failed' >&2\nexit 1\n");
    assertTrue(VcgencmdSampler.detect(bin.toString()).isEmpty());
  }

  @Test
  void aSampleWhereEveryCommandFailsIsAnException() {
    Path tool = Samples.script(bin, "vcgencmd", "echo 'VCHI initialization failed' >&2\nexit 1\n");
    VcgencmdSampler sampler = new VcgencmdSampler(tool, Duration.ofSeconds(2));
    IOException e = assertThrows(IOException.class, sampler::sample);
    assertTrue(e.getMessage().contains("VCHI initialization failed"), e.getMessage());
  }

  @Test
  void absentWhenNotOnThePath() {
    assertTrue(VcgencmdSampler.detect(bin.toString()).isEmpty());
    assertTrue(VcgencmdSampler.detect(null).isEmpty());
  }
}
