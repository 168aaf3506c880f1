package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Metrics#ENERGY}: joules used by all CPU packages since this sampler's first sample (so the first
 * sample says 0), from {@link Rapl}'s counters with wrap-around handled. Energy per inference is the difference
 * over a measurement divided by its queries. A sample in which some counter cannot be read is empty (the total
 * of the others would be wrong), and the next readable one still counts everything since the last.
 */
public final class RaplSampler implements Sampler {

  private final List<Rapl.Domain> domains;
  private final Map<Path, Long> previous = new HashMap<>();
  private long totalMicrojoules;

  RaplSampler(List<Rapl.Domain> domains) {
    this.domains = List.copyOf(domains);
  }

  /**
   * A sampler when there is at least one package counter and all of them can be read now; empty otherwise
   * (no RAPL, or energy_uj readable only by root), never an exception.
   */
  public static Optional<RaplSampler> detect(Path root) {
    try {
      List<Rapl.Domain> domains = new Rapl(root).packages();
      if (domains.isEmpty()) {
        return Optional.empty();
      }
      for (Rapl.Domain domain : domains) {
        Rapl.energyMicrojoules(domain);
      }
      return Optional.of(new RaplSampler(domains));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String name() {
    return "rapl";
  }

  @Override
  public synchronized Map<String, Double> sample() {
    Map<Path, Long> now = new HashMap<>();
    for (Rapl.Domain domain : domains) {
      try {
        now.put(domain.energyFile(), Rapl.energyMicrojoules(domain));
      } catch (IOException e) {
        return Map.of();
      }
    }
    for (Rapl.Domain domain : domains) {
      Long before = previous.get(domain.energyFile());
      long current = now.get(domain.energyFile());
      if (before != null) {
        totalMicrojoules += Rapl.deltaMicrojoules(before, current, domain.maxEnergyRangeMicrojoules());
      }
      previous.put(domain.energyFile(), current);
    }
    return Map.of(SystemMetrics.ENERGY, totalMicrojoules / 1e6);
  }
}
