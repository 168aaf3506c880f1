package dev.tierbench.coordinator.scaling;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/** A least-squares line y = intercept + slope × x, with its coefficient of determination. */
public record Line(double slope, double intercept, double r2) {

  public static Line fit(double[] x, double[] y) {
    SimpleRegression regression = new SimpleRegression();
    for (int i = 0; i < x.length; i++) {
      regression.addData(x[i], y[i]);
    }
    return new Line(regression.getSlope(), regression.getIntercept(), regression.getRSquare());
  }

  /**
   * The Theil–Sen line: the median of the slopes between all pairs of points, and the median intercept. Up to
   * about 29 % of the points can be anywhere without moving it, so the points off the trend stand out against
   * it instead of dragging it (its r2 is that of the least-squares fit, for reference, NaN here).
   */
  public static Line robust(double[] x, double[] y) {
    java.util.List<Double> slopes = new java.util.ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      for (int j = i + 1; j < x.length; j++) {
        if (x[i] != x[j]) {
          slopes.add((y[j] - y[i]) / (x[j] - x[i]));
        }
      }
    }
    double slope = median(slopes.stream().mapToDouble(Double::doubleValue).toArray());
    double[] intercepts = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      intercepts[i] = y[i] - slope * x[i];
    }
    return new Line(slope, median(intercepts), Double.NaN);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  public double at(double x) {
    return intercept + slope * x;
  }
}
