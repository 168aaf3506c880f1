package dev.tierbench.agent.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.metrics.SystemMetrics;

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
  void whatThisMachineHasSamplesKnownMetricsAsFiniteNumbersAndTheProcessIsAlwaysThere() throws Exception {
    // Whatever this machine has (a VM here: none of the boards, no GPU), each source found gives real figures.
    List<Sampler> samplers = Samplers.detect(Path.of("/"), Duration.ofMillis(100));
    Set<String> known = new java.util.HashSet<>();
    for (java.lang.reflect.Field f : SystemMetrics.class.getFields()) {
      known.add((String) f.get(null));
    }
    try {
      for (Sampler sampler : samplers) {
        for (Map.Entry<String, Double> value : sampler.sample().entrySet()) {
          assertTrue(known.contains(value.getKey()) && Double.isFinite(value.getValue()), sampler.name() + ": " + value);
        }
      }
    } finally {
      closeAll(samplers);
    }
    Map<String, Double> process = new ProcessSampler().sample();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    assertTrue(process.get(SystemMetrics.RSS) > heap / 2, "a resident set the size of a JVM: " + process);
    assertTrue(process.get(SystemMetrics.MEMORY_AVAILABLE) > 0, process::toString);
    assertTrue(process.get(SystemMetrics.HEAP) > 0, process::toString);
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
