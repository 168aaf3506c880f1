package dev.tierbench.coordinator.predict;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * One ridge regression of y on standardized features, its penalty chosen by leave-one-out error (closed form for
 * ridge). Standardizing makes one penalty fit features of any scale; a feature constant over the data (every trial
 * at threads 1) carries no information and gets no weight, where plain least squares would be singular.
 */
final class Ridge {

  private static final double[] PENALTIES = {1e-3, 1e-2, 0.1, 1, 10, 100};

  private final double[] mean;
  private final double[] scale;
  private final double[] weights;
  private final double intercept;
  private final double effectiveParameters;

  private Ridge(double[] mean, double[] scale, double[] weights, double intercept, double effectiveParameters) {
    this.mean = mean;
    this.scale = scale;
    this.weights = weights;
    this.intercept = intercept;
    this.effectiveParameters = effectiveParameters;
  }

  /** Fits rows {@code x} (n × p) to {@code y} (n), n >= 2. */
  static Ridge fit(double[][] x, double[] y) {
    int n = x.length;
    int p = x[0].length;
    double[] mean = new double[p];
    double[] scale = new double[p];
    for (int j = 0; j < p; j++) {
      for (double[] row : x) {
        mean[j] += row[j] / n;
      }
      double variance = 0;
      for (double[] row : x) {
        variance += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
      }
      scale[j] = Math.sqrt(variance) > 1e-9 ? Math.sqrt(variance) : 0;
    }
    double yMean = 0;
    for (double v : y) {
      yMean += v / n;
    }
    double[][] z = new double[n][p];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        z[i][j] = scale[j] == 0 ? 0 : (x[i][j] - mean[j]) / scale[j];
      }
    }
    RealMatrix design = new Array2DRowRealMatrix(z, false);
    RealMatrix gram = design.transpose().multiply(design);
    ArrayRealVector centred = new ArrayRealVector(y.length);
    for (int i = 0; i < n; i++) {
      centred.setEntry(i, y[i] - yMean);
    }
    double[] best = null;
    double bestError = Double.POSITIVE_INFINITY;
    double bestTrace = 0;
    for (double penalty : PENALTIES) {
      RealMatrix regularized = gram.copy();
      for (int j = 0; j < p; j++) {
        regularized.addToEntry(j, j, scale[j] == 0 ? 1 : penalty);
      }
      DecompositionSolver solver = new CholeskyDecomposition(regularized).getSolver();
      RealMatrix inverse = solver.getInverse();
      double[] w = inverse.operate(design.transpose().operate(centred)).toArray();
      double error = 0;
      double trace = 1;
      for (int i = 0; i < n; i++) {
        double[] row = z[i];
        double leverage = 1.0 / n + dot(row, inverse.operate(row));
        trace += leverage - 1.0 / n;
        double residual = y[i] - yMean - dot(row, w);
        double loo = residual / Math.max(1e-6, 1 - leverage);
        error += loo * loo;
      }
      if (error < bestError) {
        bestError = error;
        best = w;
        bestTrace = trace;
      }
    }
    return new Ridge(mean, scale, best, yMean, bestTrace);
  }

  double predict(double[] row) {
    double value = intercept;
    for (int j = 0; j < row.length; j++) {
      if (scale[j] != 0) {
        value += weights[j] * (row[j] - mean[j]) / scale[j];
      }
    }
    return value;
  }

  /** The trace of the hat matrix, intercept included: how many parameters the penalized fit really used. */
  double effectiveParameters() {
    return effectiveParameters;
  }

  /** The change in y per unit of feature {@code j} in its own scale (0 for a feature constant over the data). */
  double slope(int j) {
    return scale[j] == 0 ? 0 : weights[j] / scale[j];
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
