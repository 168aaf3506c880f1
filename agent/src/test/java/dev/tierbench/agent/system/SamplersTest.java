package dev.tierbench.agent.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplersTest {

  private static final Set<String> ROOTED = Set.of("sysfs-thermal", "rapl", "hwmon-power");

  @TempDir
  Path root;

  private static List<String> names(List<Sampler> samplers) {
    return samplers.stream().map(Sampler::name).toList();
  }

  private static void closeAll(List<Sampler> samplers) {
    samplers.forEach(Sampler::close);
  }

  @Test
  void detectsOnThisMachineWithoutError() throws Exception {
    // Whatever this machine has (a VM here: none of the boards, no GPU), detection and one sample work.
    List<Sampler> samplers = Samplers.detect(Path.of("/"), Duration.ofMillis(100));
    try {
      for (Sampler sampler : samplers) {
        assertNotNull(sampler.name());
        assertNotNull(sampler.sample());
      }
    } finally {
      closeAll(samplers);
    }
  }

  @Test
  void anEmptyRootGivesNoSysfsSamplers() {
    List<Sampler> samplers = Samplers.detect(root, Duration.ofMillis(100));
    try {
      assertFalse(names(samplers).stream().anyMatch(ROOTED::contains), names(samplers)::toString);
    } finally {
      closeAll(samplers);
    }
  }

  @Test
  void sysfsSamplersUnderTheRootInTheirOrder() {
    Samples.write(root, "sys/class/hwmon/hwmon0/name", "ina219\n");
    Samples.write(root, "sys/class/hwmon/hwmon0/power1_input", "1000000\n");
    Samples.write(root, "sys/class/powercap/intel-rapl:0/name", "package-0\n");
    Samples.write(root, "sys/class/powercap/intel-rapl:0/max_energy_range_uj", "262143328850\n");
    Samples.write(root, "sys/class/powercap/intel-rapl:0/energy_uj", "1\n");
    Samples.write(root, "sys/class/thermal/thermal_zone0/temp", "40000\n");
    List<Sampler> samplers = Samplers.detect(root, Duration.ofMillis(100));
    try {
      assertEquals(List.of("sysfs-thermal", "rapl", "hwmon-power"),
          names(samplers).stream().filter(ROOTED::contains).toList());
    } finally {
      closeAll(samplers);
    }
  }
}
