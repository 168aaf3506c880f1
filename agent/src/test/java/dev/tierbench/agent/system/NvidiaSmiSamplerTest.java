package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the sampler against stand-in nvidia-smi scripts: the process handling is real, the GPUs are not. */
class NvidiaSmiSamplerTest {

  @TempDir
  Path bin;

  /** Answers only the exact query the sampler must make, with two GPUs. */
  private void fakeNvidiaSmi() {
    Samples.script(bin, "nvidia-smi", """
        if [ "$1" != "--query-gpu=index,utilization.gpu,memory.used,power.draw,temperature.gpu,clocks.sm" ] \\
            || [ "$2" != "--format=csv,noheader,nounits" ]; then
          echo "unexpected arguments: $*" >&2
          exit 2
        fi
        echo "0, 100, 19818, 631.95, 59, 1980"
        echo "1, 7, 1474, 84.24, 46, 2805"
        """);
  }

  @Test
  void detectedOnThePathAndSampledAsTheAggregateOfAllGpus() throws Exception {
    fakeNvidiaSmi();
    Optional<NvidiaSmiSampler> sampler = NvidiaSmiSampler.detect("/nonexistent:" + bin);
    assertTrue(sampler.isPresent());
    assertEquals("nvidia-smi", sampler.get().name());
    Map<String, Double> metrics = sampler.get().sample();
    assertEquals(5, metrics.size(), metrics::toString);
    assertEquals(1.00, metrics.get(SystemMetrics.GPU_UTILIZATION), 1e-12); // max(100 %, 7 %)
    assertEquals((19818 + 1474) * 1048576.0, metrics.get(SystemMetrics.GPU_MEMORY_USED), 1e-3); // sum, MiB to bytes
    assertEquals(631.95 + 84.24, metrics.get(SystemMetrics.GPU_POWER), 1e-9); // sum
    assertEquals(59.0, metrics.get(SystemMetrics.GPU_TEMPERATURE), 1e-12); // max
    assertEquals(2805e6, metrics.get(SystemMetrics.GPU_CLOCK), 1e-3); // max, MHz to Hz
  }

  @Test
  void absentWhenNotOnThePath() {
    assertTrue(NvidiaSmiSampler.detect(bin.toString()).isEmpty());
    assertTrue(NvidiaSmiSampler.detect("").isEmpty());
    assertTrue(NvidiaSmiSampler.detect(null).isEmpty());
  }

  @Test
  void absentWhenTheDriverIsNotLoaded() {
    Samples.script(bin, "nvidia-smi", """
        echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."
        exit 9
        """);
    assertTrue(NvidiaSmiSampler.detect(bin.toString()).isEmpty());
  }

  @Test
  void absentWhenNoGpuIsListed() {
    Samples.script(bin, "nvidia-smi", "echo 'No devices were found'\n");
    assertTrue(NvidiaSmiSampler.detect(bin.toString()).isEmpty());
  }

  @Test
  void aFailingRunIsAnExceptionNamingTheExitStatus() {
    Path tool = Samples.script(bin, "nvidia-smi", "echo 'GPU is lost' >&2\nexit 15\n");
    NvidiaSmiSampler sampler = new NvidiaSmiSampler(tool, Duration.ofSeconds(2));
    IOException e = assertThrows(IOException.class, sampler::sample);
    assertTrue(e.getMessage().contains("15") && e.getMessage().contains("GPU is lost"), e.getMessage());
  }

  @Test
  void aHangingRunIsKilledAtTheTimeout() {
    Path tool = Samples.script(bin, "nvidia-smi", "sleep 30\n");
    NvidiaSmiSampler sampler = new NvidiaSmiSampler(tool, Duration.ofMillis(300));
    long start = System.nanoTime();
    assertThrows(IOException.class, sampler::sample);
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
  }
}
