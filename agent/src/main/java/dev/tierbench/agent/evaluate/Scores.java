package dev.tierbench.agent.evaluate;

import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.protocol.Evaluation;

/** Scores a model's answers against a set's targets. */
final class Scores {

  private Scores() {}

  /** @param answers per sample, the model's outputs: class scores, or the predicted value first */
  static Evaluation of(Dataset data, double[][] answers, long nanos) {
    return switch (data.task()) {
      case CLASSIFICATION -> classification(data, answers, nanos);
      case REGRESSION -> regression(data, answers, nanos);
      case UNLABELLED -> answersOnly(data, answers, nanos);
    };
  }

  /** Top-1 answers to compare with another variant's; no accuracy without labels. */
  private static Evaluation answersOnly(Dataset data, double[][] answers, long nanos) {
    int[] predictions = new int[data.size()];
    for (int i = 0; i < data.size(); i++) {
      predictions[i] = argmax(answers[i]);
    }
    return new Evaluation(data.name(), true, false, data.size(), 0, Double.NaN, answers[0].length, new int[0],
        predictions, Double.NaN, Double.NaN, Double.NaN, new float[0], new float[0], nanos);
  }

  private static Evaluation classification(Dataset data, double[][] answers, long nanos) {
    int classes = data.classes().size();
    int[] confusion = new int[classes * classes];
    int[] predictions = new int[data.size()];
    int correct = 0;
    for (int i = 0; i < data.size(); i++) {
      int predicted = argmax(answers[i]);
      predictions[i] = predicted;
      int actual = data.label(i);
      confusion[actual * classes + predicted]++;
      correct += predicted == actual ? 1 : 0;
    }
    return new Evaluation(data.name(), true, true, data.size(), correct, macroF1(confusion, classes), classes,
        classes <= Evaluation.MAX_CONFUSION_CLASSES ? confusion : new int[0], predictions, Double.NaN, Double.NaN,
        Double.NaN, new float[0], new float[0], nanos);
  }

  /**
   * The mean of F1 = 2·TP / (2·TP + FP + FN) over the classes that occur (as truth or as prediction): a class
   * absent from both says nothing, and counting it would flatter a thousand-class model scored on ten images.
   */
  static double macroF1(int[] confusion, int classes) {
    double sum = 0;
    int present = 0;
    for (int c = 0; c < classes; c++) {
      int tp = confusion[c * classes + c];
      int fp = 0;
      int fn = 0;
      for (int k = 0; k < classes; k++) {
        if (k != c) {
          fp += confusion[k * classes + c];
          fn += confusion[c * classes + k];
        }
      }
      if (tp + fp + fn > 0) {
        sum += 2.0 * tp / (2.0 * tp + fp + fn);
        present++;
      }
    }
    return present == 0 ? Double.NaN : sum / present;
  }

  private static Evaluation regression(Dataset data, double[][] answers, long nanos) {
    double[] y = data.targets();
    double mean = java.util.Arrays.stream(y).average().orElseThrow();
    double residual = 0;
    double total = 0;
    double absolute = 0;
    float[] targets = new float[y.length];
    float[] residuals = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      double error = y[i] - answers[i][0];
      targets[i] = (float) y[i];
      residuals[i] = (float) error;
      residual += error * error;
      absolute += Math.abs(error);
      total += (y[i] - mean) * (y[i] - mean);
    }
    double r2 = total == 0 ? Double.NaN : 1 - residual / total;
    return new Evaluation(data.name(), false, true, y.length, 0, Double.NaN, 0, new int[0], new int[0], r2,
        absolute / y.length,
        Math.sqrt(residual / y.length), targets, residuals, nanos);
  }

  private static int argmax(double[] row) {
    int best = 0;
    for (int i = 1; i < row.length; i++) {
      best = row[i] > row[best] ? i : best;
    }
    return best;
  }
}
