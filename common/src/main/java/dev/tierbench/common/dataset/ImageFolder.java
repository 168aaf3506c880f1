package dev.tierbench.common.dataset;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A user's labelled images: a folder per class named as the model's label file names it
 * ({@code DATASET/military uniform/*.bmp}), each image resized (bilinear) to the model's input and scaled to
 * (pixel − mean) / std per RGB channel, NHWC. MobileNet's 127.5 and 127.5 give [-1, 1]: the real values a float
 * MobileNet takes, and what a quantized one's input scale and zero point map its 8-bit values to, so one set
 * serves both.
 */
public final class ImageFolder {

  private static final List<String> EXTENSIONS = List.of(".bmp", ".png", ".jpg", ".jpeg", ".gif");

  private ImageFolder() {}

  /**
   * @param labels the model's classes in output order (its label file's lines)
   * @throws DatasetException naming a folder that is no label, an image that cannot be read, or an empty set
   */
  public static Dataset read(Path folder, List<String> labels, int height, int width) {
    return read(folder, labels, height, width, 127.5, 127.5);
  }

  /**
   * A folder per label, or images directly in {@code folder}: then the set has no labels ({@link Task#UNLABELLED})
   * and variants are compared on it by their answers only; {@code labels} may then be null.
   */
  public static Dataset read(Path folder, List<String> labels, int height, int width, double mean, double std) {
    List<float[]> features = new ArrayList<>();
    List<Double> targets = new ArrayList<>();
    try (Stream<Path> entries = Files.list(folder)) {
      List<Path> all = entries.sorted().toList();
      List<Path> loose = all.stream().filter(ImageFolder::isImage).toList();
      if (!loose.isEmpty()) {
        for (Path image : loose) {
          features.add(pixels(image, height, width, (float) mean, (float) std));
          targets.add(Double.NaN);
        }
        return dataset(folder, Task.UNLABELLED, labels == null ? List.of() : labels, features, targets);
      }
      if (labels == null) {
        throw new DatasetException(folder.toString(), "images in folders named by label need the model's labels"
            + " ('labels: FILE', one per line in output order)");
      }
      for (Path dir : all.stream().filter(Files::isDirectory).toList()) {
        String label = dir.getFileName().toString();
        int index = labels.indexOf(label);
        if (index < 0) {
          throw new DatasetException(dir.toString(), "'" + label + "' is not one of the model's " + labels.size()
              + " labels (the folders of an image set are named by label)");
        }
        try (Stream<Path> files = Files.list(dir)) {
          for (Path image : files.filter(ImageFolder::isImage).sorted().toList()) {
            features.add(pixels(image, height, width, (float) mean, (float) std));
            targets.add((double) index);
          }
        }
      }
    } catch (IOException e) {
      throw new DatasetException(folder.toString(), "cannot read it: " + e.getMessage());
    }
    return dataset(folder, Task.CLASSIFICATION, labels, features, targets);
  }

  private static Dataset dataset(Path folder, Task task, List<String> labels, List<float[]> features,
      List<Double> targets) {
    if (features.isEmpty()) {
      throw new DatasetException(folder.toString(), "no images (.bmp, .png, .jpg, .gif), neither in the folder nor"
          + " in folders named by label");
    }
    return new Dataset(folder.getFileName().toString(), task, labels, features.toArray(float[][]::new),
        targets.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** By name alone: what is named as an image but is no regular file is refused by name, not skipped in silence. */
  private static boolean isImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  private static float[] pixels(Path file, int height, int width, float mean, float std) {
    BufferedImage image = ImageDecoder.decode(file);
    BufferedImage resized = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = resized.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, width, height, null);
    g.dispose();
    float[] values = new float[height * width * 3];
    int i = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = resized.getRGB(x, y);
        values[i++] = ((rgb >> 16 & 0xff) - mean) / std;
        values[i++] = ((rgb >> 8 & 0xff) - mean) / std;
        values[i++] = ((rgb & 0xff) - mean) / std;
      }
    }
    return values;
  }
}
