package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** {@link Metrics#POWER} from INA power monitors in hwmon, read at each sample by {@link HwmonPower}. */
public final class HwmonPowerSampler implements Sampler {

  private final HwmonPower hwmon;

  /** @param root the directory holding {@code sys/}, "/" on a real machine */
  public HwmonPowerSampler(Path root) {
    this.hwmon = new HwmonPower(root);
  }

  /** A sampler when some INA channel under {@code root} can be read now; empty otherwise, never throws. */
  public static Optional<HwmonPowerSampler> detect(Path root) {
    try {
      HwmonPowerSampler sampler = new HwmonPowerSampler(root);
      return sampler.sample().isEmpty() ? Optional.empty() : Optional.of(sampler);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String name() {
    return "hwmon-power";
  }

  @Override
  public Map<String, Double> sample() {
    return hwmon.power().map(watts -> Map.of(SystemMetrics.POWER, watts)).orElse(Map.of());
  }
}
