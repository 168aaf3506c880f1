package dev.tierbench.coordinator.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.rng.UniformRandomProvider;

import dev.tierbench.coordinator.analysis.Generators;

/**
 * Median latency as a function of a variant's costs and settings, for one tier and engine, fitted on what was
 * measured there: a ridge regression of log latency on {@link Features}. Its uncertainty comes from a bootstrap:
 * the fit redone on {@value #FITS} resamples of the measurements (how much the fit itself could move), each
 * prediction then scattered by the fit's own residuals (how far a measurement sits from any fit).
 */
public final class LatencyModel {

  /** The share of the predictive distribution a {@link Prediction}'s interval covers. */
  public static final double COVERAGE = 0.9;

  /** Fewer measurements than this fit nothing worth predicting from. */
  public static final int MIN_OBSERVATIONS = 4;

  static final int FITS = 100;

  private final Ridge full;
  private final List<Ridge> resampled;
  private final double[] residuals;
  private final int observations;

  private LatencyModel(Ridge full, List<Ridge> resampled, double[] residuals, int observations) {
    this.full = full;
    this.resampled = resampled;
    this.residuals = residuals;
    this.observations = observations;
  }

  /**
   * Fits the model on {@code observations}; the resamples depend on {@code seed} alone.
   *
   * @throws IllegalArgumentException for fewer than {@link #MIN_OBSERVATIONS}
   */
  public static LatencyModel fit(List<Observation> observations, long seed) {
    int n = observations.size();
    if (n < MIN_OBSERVATIONS) {
      throw new IllegalArgumentException("a latency model needs at least " + MIN_OBSERVATIONS
          + " measured variants, got " + n);
    }
    double[][] x = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Features.of(observations.get(i).variant());
      y[i] = Math.log(observations.get(i).p50Ms());
    }
    Ridge full = Ridge.fit(x, y);
    // Residuals about a fit are smaller than its errors on new points; the degrees of freedom it used make up for it.
    double inflation = Math.sqrt(n / Math.max(1.0, n - full.effectiveParameters()));
    double[] residuals = new double[n];
    for (int i = 0; i < n; i++) {
      residuals[i] = (y[i] - full.predict(x[i])) * inflation;
    }
    UniformRandomProvider rng = Generators.of(seed, 0);
    List<Ridge> resampled = new ArrayList<>();
    double[][] rx = new double[n][];
    double[] ry = new double[n];
    for (int b = 0; b < FITS; b++) {
      for (int i = 0; i < n; i++) {
        int pick = rng.nextInt(n);
        rx[i] = x[pick];
        ry[i] = y[pick];
      }
      resampled.add(Ridge.fit(rx, ry));
    }
    return new LatencyModel(full, List.copyOf(resampled), residuals, n);
  }

  /** How many measured variants it was fitted on. */
  public int observations() {
    return observations;
  }

  /** The predicted median latency and its {@link #COVERAGE} interval. */
  public Prediction predict(LatencyCase variant) {
    double[] row = Features.of(variant);
    double[] spread = new double[resampled.size() * residuals.length];
    int k = 0;
    for (Ridge fit : resampled) {
      double centre = fit.predict(row);
      for (double residual : residuals) {
        spread[k++] = centre + residual;
      }
    }
    Arrays.sort(spread);
    double tail = (1 - COVERAGE) / 2;
    return new Prediction(Math.exp(full.predict(row)), Math.exp(quantile(spread, tail)),
        Math.exp(quantile(spread, 1 - tail)));
  }

  /**
   * {@code count} joint draws of the latencies of {@code variants} from the predictive distribution, one per row: each
   * draw takes one resampled fit for all of them (its error is shared: a fit too slow for one variant is too slow for
   * its neighbours) and a residual each. Every fit's prediction for every variant is worked out once, not per draw.
   */
  public double[][] draws(List<LatencyCase> variants, int count, UniformRandomProvider rng) {
    int n = variants.size();
    double[][] centres = new double[resampled.size()][n];
    for (int i = 0; i < n; i++) {
      double[] row = Features.of(variants.get(i));
      for (int b = 0; b < centres.length; b++) {
        centres[b][i] = resampled.get(b).predict(row);
      }
    }
    double[][] draws = new double[count][n];
    for (double[] draw : draws) {
      double[] centre = centres[rng.nextInt(centres.length)];
      for (int i = 0; i < n; i++) {
        draw[i] = Math.exp(centre[i] + residuals[rng.nextInt(residuals.length)]);
      }
    }
    return draws;
  }

  /** The fitted change of log latency per unit of the named feature ({@link Features#NAMES}). */
  double slope(String feature) {
    int j = Features.NAMES.indexOf(feature);
    if (j < 0) {
      throw new IllegalArgumentException("no feature '" + feature + "'; features: " + Features.NAMES);
    }
    return full.slope(j);
  }

  /**
   * The mean relative error of models fitted without each fold of {@code observations} on that fold (k-fold
   * cross-validation): how far off a prediction for a variant not measured is, on average.
   */
  public static double crossValidatedError(List<Observation> observations, int folds, long seed) {
    if (observations.size() < folds || folds < 2) {
      throw new IllegalArgumentException("cross-validation over " + folds + " folds needs at least that many"
          + " measured variants, got " + observations.size());
    }
    List<Observation> shuffled = new ArrayList<>(observations);
    UniformRandomProvider rng = Generators.of(seed, 1);
    for (int i = shuffled.size() - 1; i > 0; i--) {
      java.util.Collections.swap(shuffled, i, rng.nextInt(i + 1));
    }
    double error = 0;
    for (int f = 0; f < folds; f++) {
      List<Observation> train = new ArrayList<>();
      List<Observation> test = new ArrayList<>();
      for (int i = 0; i < shuffled.size(); i++) {
        (i % folds == f ? test : train).add(shuffled.get(i));
      }
      LatencyModel model = fit(train, seed);
      for (Observation o : test) {
        error += model.predict(o.variant()).relativeError(o.p50Ms());
      }
    }
    return error / shuffled.size();
  }

  private static double quantile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }
}
