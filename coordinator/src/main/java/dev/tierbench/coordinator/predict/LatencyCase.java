package dev.tierbench.coordinator.predict;

import dev.tierbench.common.model.ModelSummary;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.coordinator.store.ModelCosts;

/**
 * What is known of a variant before it is measured: its model's costs, as inspection found them, and how it is
 * run. The latency model's features derive from these alone, so a variant never measured can be predicted.
 *
 * @param flops per sample, as the model declares its input
 * @param peakActivationBytes per sample
 */
public record LatencyCase(long flops, long parameters, long weightBytes, long peakActivationBytes, boolean int8,
    int batch, int threads, boolean xnnpack) {

  public LatencyCase {
    if (flops < 0 || parameters < 0 || weightBytes < 0 || peakActivationBytes < 0) {
      throw new IllegalArgumentException("a latency case needs the model's inspected costs, got flops " + flops
          + ", parameters " + parameters + ", weight bytes " + weightBytes + ", activation bytes "
          + peakActivationBytes);
    }
    if (batch < 1 || threads < 1) {
      throw new IllegalArgumentException("batch and threads must be >= 1, got " + batch + " and " + threads);
    }
  }

  /** The case of a trial whose model was inspected; empty when it was not (nothing to predict from). */
  public static java.util.Optional<LatencyCase> of(ModelCosts costs, TrialParams params) {
    if (!costs.inspected() || costs.flops() < 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new LatencyCase(costs.flops(), costs.parameters(), costs.weightBytes(),
        Math.max(0, costs.peakActivationBytes()), costs.quantization().equals("int8"), params.batch(),
        params.threads(), params.xnnpack()));
  }

  /** The case of a trial as planned, from its model's inspection; empty when the model has no FLOP count. */
  public static java.util.Optional<LatencyCase> of(ModelSummary summary, TrialParams params) {
    return of(new ModelCosts(summary.parameters(), summary.macs(), summary.flops(), summary.weightBytes(),
        summary.peakActivationBytes(), summary.quantization(), null), params);
  }

  /** The latency model's inputs for this case, which also place it in the space an initial set is spread over. */
  public double[] features() {
    return Features.of(this);
  }

  /** FLOPs of one query: every sample of the batch. */
  public double queryFlops() {
    return (double) flops * batch;
  }
}
