package dev.tierbench.agent.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the platform samplers this machine supports. Several may report the same metric (a Jetson has
 * tegrastats and sysfs thermal zones, a Pi vcgencmd and sysfs): the list is ordered from the most specific
 * source to the most generic, so a consumer that keeps the first value of each metric keeps the better one.
 */
public final class Samplers {

  private Samplers() {}

  /**
   * The available samplers, in this order: nvidia-smi, tegrastats, vcgencmd, sysfs thermal, RAPL, hwmon
   * power. Never throws: a source whose detection fails is left out. The caller closes them (tegrastats runs a
   * process).
   *
   * @param root the directory holding {@code sys/} ("/" on a real machine)
   * @param interval the sampling interval, for the sources that print on their own clock (tegrastats)
   */
  public static List<Sampler> detect(Path root, Duration interval) {
    List<Supplier<Optional<? extends Sampler>>> detectors = List.of(
        NvidiaSmiSampler::detect,
        () -> TegrastatsSampler.detect(interval),
        VcgencmdSampler::detect,
        () -> SysfsThermalSampler.detect(root),
        () -> RaplSampler.detect(root),
        () -> HwmonPowerSampler.detect(root));
    List<Sampler> samplers = new ArrayList<>();
    for (Supplier<Optional<? extends Sampler>> detector : detectors) {
      try {
        detector.get().ifPresent(samplers::add);
      } catch (RuntimeException | LinkageError e) {
        // Each detect() already swallows its failures; this guards against the unforeseen.
      }
    }
    return samplers;
  }
}
