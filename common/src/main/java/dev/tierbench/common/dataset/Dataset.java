package dev.tierbench.common.dataset;

import java.util.List;

/**
 * Samples as models see them: a row of float features per sample and its target, a class index (into
 * {@code classes}) for classification or a value for regression; NaN for an unlabelled set, whose
 * {@code classes} are the model's output names when known.
 */
public record Dataset(String name, Task task, List<String> classes, float[][] features, double[] targets) {

  public Dataset {
    classes = List.copyOf(classes);
    if (features.length != targets.length) {
      throw new IllegalArgumentException(name + ": " + features.length + " feature rows but " + targets.length
          + " targets");
    }
    if (features.length == 0) {
      throw new IllegalArgumentException(name + ": no samples");
    }
    int width = features[0].length;
    for (int i = 0; i < features.length; i++) {
      if (features[i].length != width) {
        throw new IllegalArgumentException(name + ": sample " + i + " has " + features[i].length + " features, the"
            + " first has " + width);
      }
    }
    if (task == Task.CLASSIFICATION) {
      for (int i = 0; i < targets.length; i++) {
        double t = targets[i];
        if (t != Math.rint(t) || t < 0 || t >= classes.size()) {
          throw new IllegalArgumentException(name + ": sample " + i + " has class " + t + ", not one of 0.."
              + (classes.size() - 1));
        }
      }
    } else if (task == Task.REGRESSION && !classes.isEmpty()) {
      throw new IllegalArgumentException(name + ": a regression dataset has no classes");
    }
  }

  public int size() {
    return features.length;
  }

  public int width() {
    return features[0].length;
  }

  public int label(int sample) {
    return (int) targets[sample];
  }

  /** The samples at {@code rows}, in that order. */
  public Dataset select(int[] rows) {
    float[][] f = new float[rows.length][];
    double[] t = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      f[i] = features[rows[i]];
      t[i] = targets[rows[i]];
    }
    return new Dataset(name, task, classes, f, t);
  }
}
