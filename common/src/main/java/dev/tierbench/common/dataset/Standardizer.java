package dev.tierbench.common.dataset;

/**
 * Per-feature centring and scaling fitted on training samples only (so nothing of the test split leaks into
 * training), applied alike to every split and to the evaluation set an agent receives.
 */
public record Standardizer(float[] mean, float[] scale) {

  public static Standardizer fit(Dataset train) {
    int width = train.width();
    double[] sum = new double[width];
    double[] squares = new double[width];
    for (float[] row : train.features()) {
      for (int j = 0; j < width; j++) {
        sum[j] += row[j];
        squares[j] += (double) row[j] * row[j];
      }
    }
    float[] mean = new float[width];
    float[] scale = new float[width];
    int n = train.size();
    for (int j = 0; j < width; j++) {
      double m = sum[j] / n;
      double sd = Math.sqrt(Math.max(0, squares[j] / n - m * m));
      mean[j] = (float) m;
      // A constant feature (a border pixel of the digits) keeps its scale rather than dividing by zero.
      scale[j] = sd > 1e-12 ? (float) sd : 1f;
    }
    return new Standardizer(mean, scale);
  }

  /** One centre and scale for all features together, as pixels of an image are normalised. */
  public static Standardizer overall(Dataset train) {
    double sum = 0;
    double squares = 0;
    for (float[] row : train.features()) {
      for (float v : row) {
        sum += v;
        squares += (double) v * v;
      }
    }
    double n = (double) train.size() * train.width();
    double m = sum / n;
    double sd = Math.sqrt(Math.max(0, squares / n - m * m));
    float[] mean = new float[train.width()];
    float[] scale = new float[train.width()];
    java.util.Arrays.fill(mean, (float) m);
    java.util.Arrays.fill(scale, sd > 1e-12 ? (float) sd : 1f);
    return new Standardizer(mean, scale);
  }

  public Dataset apply(Dataset data) {
    float[][] out = new float[data.size()][];
    for (int i = 0; i < data.size(); i++) {
      float[] row = data.features()[i];
      float[] scaled = new float[row.length];
      for (int j = 0; j < row.length; j++) {
        scaled[j] = (row[j] - mean[j]) / scale[j];
      }
      out[i] = scaled;
    }
    return new Dataset(data.name(), data.task(), data.classes(), out, data.targets());
  }
}
