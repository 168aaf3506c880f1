package dev.tierbench.common.protocol;

/**
 * How well the model did on a task's evaluation set, run by the agent through the same interpreter it timed.
 * Classification: {@code correct} of {@code samples}, macro-F1 and the confusion matrix ({@code classes}²
 * counts, row = true class, column = predicted; left empty beyond {@link #MAX_CONFUSION_CLASSES} classes, where a
 * thousand-class matrix would be megabytes of mostly zeros), regression figures NaN. Regression: R², MAE and RMSE, the
 * classification figures 0 / NaN, and per sample its target and residual (target − prediction), so that the
 * coordinator can bootstrap R² and MAE over the samples. {@code predictions}: a classifier's top-1 class per
 * sample (empty for regression, and in runs stored before they were kept), so that two variants scored on one
 * set can be compared answer by answer.
 * {@code labelled}: false for a set of samples without answers (a folder of a user's images), scored by agreement
 * with another variant only: its {@code correct} is 0 and its accuracy "not available", never invented.
 * {@code nanos}: how long evaluating took.
 */
public record Evaluation(String dataset, boolean classification, boolean labelled, int samples, int correct, double macroF1,
    int classes, int[] confusion, int[] predictions, double r2, double mae, double rmse, float[] targets,
    float[] residuals, long nanos) {

  public static final int MAX_CONFUSION_CLASSES = 64;

  public Evaluation {
    Checks.text(dataset, "dataset");
    Checks.positive(samples, "samples");
    if (!labelled && (!classification || correct != 0)) {
      throw new IllegalArgumentException("an unlabelled set is a classifier's answers only, with nothing correct");
    }
    if (correct < 0 || correct > samples) {
      throw new IllegalArgumentException("correct must be between 0 and samples (" + samples + "), got " + correct);
    }
    if (confusion == null || confusion.length != 0 && confusion.length != classes * classes) {
      throw new IllegalArgumentException("confusion must hold classes² = " + classes * classes + " counts, or none");
    }
    confusion = confusion.clone();
    predictions = predictions == null ? new int[0] : predictions.clone();
    if (predictions.length != 0 && predictions.length != samples) {
      throw new IllegalArgumentException("predictions: one per sample (" + samples + "), or none");
    }
    targets = targets == null ? new float[0] : targets.clone();
    residuals = residuals == null ? new float[0] : residuals.clone();
    if (targets.length != residuals.length || !classification && targets.length != samples) {
      throw new IllegalArgumentException("a regression evaluation carries a target and a residual per sample");
    }
  }

  /** The counts as a copy: the record stays immutable. */
  @Override
  public int[] confusion() {
    return confusion.clone();
  }

  @Override
  public int[] predictions() {
    return predictions.clone();
  }

  @Override
  public float[] targets() {
    return targets.clone();
  }

  @Override
  public float[] residuals() {
    return residuals.clone();
  }

  // A record compares arrays by identity; two evaluations with the same counts are the same.
  @Override
  public boolean equals(Object other) {
    return other instanceof Evaluation e && dataset.equals(e.dataset) && classification == e.classification
        && labelled == e.labelled        && samples == e.samples && correct == e.correct && Double.compare(macroF1, e.macroF1) == 0
        && classes == e.classes && java.util.Arrays.equals(confusion, e.confusion)
        && java.util.Arrays.equals(predictions, e.predictions) && Double.compare(r2, e.r2) == 0
        && Double.compare(mae, e.mae) == 0 && Double.compare(rmse, e.rmse) == 0
        && java.util.Arrays.equals(targets, e.targets) && java.util.Arrays.equals(residuals, e.residuals)
        && nanos == e.nanos;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(dataset, classification, labelled, samples, correct, macroF1, classes,
        java.util.Arrays.hashCode(confusion), java.util.Arrays.hashCode(predictions), r2, mae, rmse, java.util.Arrays.hashCode(targets),
        java.util.Arrays.hashCode(residuals), nanos);
  }

  @Override
  public String toString() {
    return "Evaluation[" + dataset + ", " + (classification ? correct + "/" + samples + " correct, macro-F1 " + macroF1
        + ", confusion " + java.util.Arrays.toString(confusion) : "R² " + r2 + ", MAE " + mae + ", RMSE " + rmse)
        + ", " + nanos + " ns]";
  }

  public double accuracy() {
    return classification ? correct / (double) samples : Double.NaN;
  }
}
