package dev.tierbench.agent.system;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** CPU frequency and thermal zone figures from sysfs, read at each sample by {@link SysfsThermal}. */
public final class SysfsThermalSampler implements Sampler {

  private final SysfsThermal sysfs;

  /** @param root the directory holding {@code sys/}, "/" on a real machine */
  public SysfsThermalSampler(Path root) {
    this.sysfs = new SysfsThermal(root);
  }

  /** A sampler when the tree under {@code root} has at least one figure now; empty otherwise, never throws. */
  public static Optional<SysfsThermalSampler> detect(Path root) {
    try {
      SysfsThermalSampler sampler = new SysfsThermalSampler(root);
      return sampler.sample().isEmpty() ? Optional.empty() : Optional.of(sampler);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String name() {
    return "sysfs-thermal";
  }

  /** The figures available now; empty when none is (never zeros for missing sensors). */
  @Override
  public Map<String, Double> sample() {
    return sysfs.read();
  }
}
