package dev.tierbench.coordinator.analysis;

/**
 * A regression model's answers on its held-out set: per sample the target and the residual (target − prediction),
 * from which R² and the mean absolute error follow for any resample of the samples.
 */
public record Regression(String dataset, float[] targets, float[] residuals) {

  public Regression {
    if (targets.length == 0 || targets.length != residuals.length) {
      throw new IllegalArgumentException("a regression needs a target and a residual per sample, at least one");
    }
    targets = targets.clone();
    residuals = residuals.clone();
  }

  public int samples() {
    return targets.length;
  }

  /** R² and MAE over the samples at {@code rows} (each index once per draw), as {R², MAE}. */
  double[] scores(int[] rows) {
    double mean = 0;
    for (int r : rows) {
      mean += targets[r];
    }
    mean /= rows.length;
    double residual = 0;
    double total = 0;
    double absolute = 0;
    for (int r : rows) {
      residual += (double) residuals[r] * residuals[r];
      total += (targets[r] - mean) * (targets[r] - mean);
      absolute += Math.abs(residuals[r]);
    }
    return new double[] {total == 0 ? Double.NaN : 1 - residual / total, absolute / rows.length};
  }
}
