package dev.tierbench.common.protocol;

/** The swept parameters of one trial: how the model is run. */
public record TrialParams(int batch, int threads, boolean xnnpack) {
  public TrialParams {
    Checks.positive(batch, "batch");
    Checks.positive(threads, "threads");
  }
}
