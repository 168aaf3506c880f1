package dev.tierbench.coordinator.training;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.dataset.Standardizer;
import dev.tierbench.common.dataset.Task;
import dev.tierbench.common.generate.Graph;

/**
 * A dataset made into what a family's generated model takes. The data decides some of the architecture (inputs,
 * classes, image channels, vocabulary); the architecture decides the rest of the shaping: the MLP's features are
 * standardised per feature, the CNN's images normalised over all pixels and resized (bilinear) to the variant's
 * resolution, so that resolution is a real axis, and the encoder's token rows cut or padded to its sequence
 * length. Every statistic is fitted on the training split alone.
 */
final class TrainingData {

  /** The training and test splits shaped for one graph. */
  record Shaped(Dataset train, Dataset test) {}

  private TrainingData() {}

  /**
   * The variant's parameters with what {@code data} fixes filled in.
   *
   * @throws IllegalArgumentException when the data cannot feed this family, or a given parameter contradicts it
   */
  static Map<String, String> fit(String family, Map<String, String> given, Dataset data) {
    boolean classify = data.task() == Task.CLASSIFICATION;
    String classes = Integer.toString(classify ? data.classes().size() : 1);
    Map<String, String> needed = new LinkedHashMap<>();
    switch (family) {
      case "mlp" -> {
        needed.put("inputs", Integer.toString(data.width()));
        needed.put("outputs", classes);
        needed.put("task", classify ? "classify" : "regress");
      }
      case "cnn" -> {
        classifies(family, data);
        needed.put("channels", Integer.toString(channels(data)));
        needed.put("classes", classes);
      }
      case "encoder" -> {
        classifies(family, data);
        needed.put("vocabulary", Integer.toString(vocabulary(data)));
        needed.put("classes", classes);
      }
      default -> throw new IllegalArgumentException("the " + family + " family cannot be trained");
    }
    Map<String, String> params = new LinkedHashMap<>(given);
    needed.forEach((name, value) -> {
      String had = params.get(name);
      if (had != null && !had.equals(value)) {
        throw new IllegalArgumentException(data.name() + " needs " + name + " " + value + ", the sweep says " + had);
      }
      params.put(name, value);
    });
    return params;
  }

  static Shaped shape(String family, Graph graph, Dataset train, Dataset test) {
    int[] input = graph.tensor(graph.input()).shape();
    return switch (family) {
      case "mlp" -> scaled(Standardizer.fit(train), train, test);
      case "cnn" -> {
        Shaped normalised = scaled(Standardizer.overall(train), train, test);
        int side = (int) Math.round(Math.sqrt(train.width() / (double) input[3]));
        yield new Shaped(resized(normalised.train(), side, input[1], input[3]),
            resized(normalised.test(), side, input[1], input[3]));
      }
      default -> new Shaped(cut(train, input[1]), cut(test, input[1]));
    };
  }

  private static Shaped scaled(Standardizer scale, Dataset train, Dataset test) {
    return new Shaped(scale.apply(train), scale.apply(test));
  }

  private static void classifies(String family, Dataset data) {
    if (data.task() != Task.CLASSIFICATION) {
      throw new IllegalArgumentException("the " + family + " family classifies; " + data.name() + " is a regression"
          + " dataset");
    }
  }

  /** Square images: side² values per sample (grey) or side² × 3 (RGB, channels last). */
  private static int channels(Dataset data) {
    for (int channels : new int[] {1, 3}) {
      int side = (int) Math.round(Math.sqrt(data.width() / (double) channels));
      if (side * side * channels == data.width()) {
        return channels;
      }
    }
    throw new IllegalArgumentException(data.name() + " has " + data.width() + " features per sample, not a square"
        + " image (side × side, or side × side × 3 channels last) the cnn family takes");
  }

  /** Token rows: whole numbers from 0 (padding); the vocabulary is the largest plus one. */
  private static int vocabulary(Dataset data) {
    float largest = 0;
    for (int i = 0; i < data.size(); i++) {
      for (float v : data.features()[i]) {
        if (v < 0 || v != Math.rint(v)) {
          throw new IllegalArgumentException(data.name() + " sample " + i + " holds " + v + ", not a token id; the"
              + " encoder family trains on texts (a CSV with a text column and a label column)");
        }
        largest = Math.max(largest, v);
      }
    }
    return (int) largest + 1;
  }

  private static Dataset resized(Dataset data, int side, int target, int channels) {
    float[][] rows = new float[data.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = bilinear(data.features()[i], side, target, channels);
    }
    return new Dataset(data.name(), data.task(), data.classes(), rows, data.targets());
  }

  /** Resizes a side × side × channels image to target × target, sampling at pixel centres (as TF's resize does). */
  static float[] bilinear(float[] image, int side, int target, int channels) {
    float[] out = new float[target * target * channels];
    double ratio = side / (double) target;
    for (int y = 0; y < target; y++) {
      double sy = Math.max(0, (y + 0.5) * ratio - 0.5);
      int y0 = Math.min((int) sy, side - 1);
      int y1 = Math.min(y0 + 1, side - 1);
      double fy = sy - y0;
      for (int x = 0; x < target; x++) {
        double sx = Math.max(0, (x + 0.5) * ratio - 0.5);
        int x0 = Math.min((int) sx, side - 1);
        int x1 = Math.min(x0 + 1, side - 1);
        double fx = sx - x0;
        for (int c = 0; c < channels; c++) {
          double top = image[(y0 * side + x0) * channels + c] * (1 - fx) + image[(y0 * side + x1) * channels + c] * fx;
          double bottom = image[(y1 * side + x0) * channels + c] * (1 - fx)
              + image[(y1 * side + x1) * channels + c] * fx;
          out[(y * target + x) * channels + c] = (float) (top * (1 - fy) + bottom * fy);
        }
      }
    }
    return out;
  }

  private static Dataset cut(Dataset data, int sequence) {
    float[][] rows = new float[data.size()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = Arrays.copyOf(data.features()[i], sequence);
    }
    return new Dataset(data.name(), data.task(), data.classes(), rows, data.targets());
  }
}
