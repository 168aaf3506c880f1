package dev.tierbench.agent.measure;

import java.time.Duration;

/**
 * Finds the highest server-scenario rate at which p99 latency stays within a bound: bisection between a rate
 * known to hold and one known not to, for a bounded number of probes.
 */
public final class RateSearch {

  /** One probe: measure at {@code rate} and say the p99 in nanoseconds. */
  @FunctionalInterface
  public interface Probe {
    long p99AtRate(double rate) throws Exception;
  }

  /** The best rate found and how many probes it took. */
  public record Found(double rate, long p99Nanos, int probes) {}

  private RateSearch() {}

  /**
   * @param ceiling a rate the bound cannot hold at (e.g. above the single-stream throughput)
   * @param relativePrecision stop when the bracket is narrower than this fraction of its upper end
   * @return the highest holding rate found, or rate 0 when even {@code ceiling / 2^probes} fails
   */
  public static Found search(Probe probe, Duration bound, double ceiling, int maxProbes, double relativePrecision)
      throws Exception {
    double holds = 0;
    long holdingP99 = 0;
    double fails = ceiling;
    int probes = 0;
    while (probes < maxProbes && fails - holds > relativePrecision * fails) {
      double rate = holds == 0 ? fails / 2 : (holds + fails) / 2;
      long p99 = probe.p99AtRate(rate);
      probes++;
      if (p99 <= bound.toNanos()) {
        holds = rate;
        holdingP99 = p99;
      } else {
        fails = rate;
      }
    }
    return new Found(holds, holdingP99, probes);
  }
}
