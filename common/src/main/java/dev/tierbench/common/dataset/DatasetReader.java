package dev.tierbench.common.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import dev.tierbench.common.io.InputFiles;
import dev.tierbench.common.io.InvalidUtf8Exception;
import dev.tierbench.common.io.RefusedFileException;
import dev.tierbench.common.io.Utf8;

/**
 * Reads the datasets tierbench ships (scikit-learn's files, by name) and users' CSV files with a header and a
 * label column. Every problem is an error naming the file and line: a missing column, a label of the wrong type,
 * a value that is not a number, NaN.
 */
public final class DatasetReader {

  /** The shipped datasets by the name a sweep uses, each a file (or two) in the data folder. */
  private static final Map<String, List<String>> BUILTIN = Map.of(
      "breast_cancer", List.of("breast_cancer.csv"),
      "wine", List.of("wine_data.csv"),
      "iris", List.of("iris.csv"),
      "digits", List.of("digits.csv.gz"),
      "diabetes", List.of("diabetes_data_raw.csv.gz", "diabetes_target.csv.gz"),
      "wordlang", List.of("wordlang.csv.gz"));

  private DatasetReader() {}

  public static List<String> builtins() {
    return new ArrayList<>(new TreeSet<>(BUILTIN.keySet()));
  }

  /** The files of a shipped dataset in the data folder, or none for a name that is not shipped. */
  public static List<String> builtinFiles(String name) {
    return BUILTIN.getOrDefault(name, List.of());
  }

  /** A shipped dataset from {@code dataDir} (configs/data in a checkout). */
  public static Dataset builtin(String name, Path dataDir) {
    List<String> files = BUILTIN.get(name);
    if (files == null) {
      throw new IllegalArgumentException("no dataset '" + name + "'; shipped ones: " + String.join(", ", builtins())
          + " (or a CSV file with a label column)");
    }
    return switch (name) {
      case "digits" -> digits(dataDir.resolve(files.get(0)));
      case "diabetes" -> diabetes(dataDir.resolve(files.get(0)), dataDir.resolve(files.get(1)));
      case "wordlang" -> words(dataDir.resolve(files.get(0)), "lang");
      default -> sklearn(name, dataDir.resolve(files.get(0)));
    };
  }

  /**
   * scikit-learn's classification CSVs: a first line "samples,features,class names...", then rows of features
   * and the class index last.
   */
  static Dataset sklearn(String name, Path file) {
    List<String> lines = lines(file);
    String[] head = lines.get(0).split(",");
    int samples = integer(file, 1, head[0], "the sample count");
    int width = integer(file, 1, head[1], "the feature count");
    List<String> classes = Arrays.asList(head).subList(2, head.length);
    if (lines.size() - 1 != samples) {
      throw new DatasetException(file.toString(), "the header says " + samples + " samples, the file has "
          + (lines.size() - 1));
    }
    float[][] features = new float[samples][width];
    double[] targets = new double[samples];
    for (int i = 0; i < samples; i++) {
      String[] cells = cells(file, i + 2, lines.get(i + 1), width + 1);
      for (int j = 0; j < width; j++) {
        features[i][j] = number(file, i + 2, j + 1, cells[j]);
      }
      targets[i] = label(file, i + 2, cells[width], classes.size());
    }
    return new Dataset(name, Task.CLASSIFICATION, classes, features, targets);
  }

  /** The 8×8 digits: no header, 64 pixel values (0..16), then the digit. */
  static Dataset digits(Path file) {
    List<String> lines = lines(file);
    float[][] features = new float[lines.size()][64];
    double[] targets = new double[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      String[] cells = cells(file, i + 1, lines.get(i), 65);
      for (int j = 0; j < 64; j++) {
        features[i][j] = number(file, i + 1, j + 1, cells[j]);
      }
      targets[i] = label(file, i + 1, cells[64], 10);
    }
    List<String> classes = java.util.stream.IntStream.range(0, 10).mapToObj(Integer::toString).toList();
    return new Dataset("digits", Task.CLASSIFICATION, classes, features, targets);
  }

  /** Diabetes progression: ten whitespace-separated features per line, the targets in a file of their own. */
  static Dataset diabetes(Path data, Path target) {
    List<String> rows = lines(data);
    List<String> values = lines(target);
    if (rows.size() != values.size()) {
      throw new DatasetException(target.toString(), values.size() + " targets for the " + rows.size()
          + " samples of " + data);
    }
    float[][] features = new float[rows.size()][];
    double[] targets = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      String[] cells = rows.get(i).trim().split("\\s+");
      if (cells.length != 10) {
        throw new DatasetException(data + ":" + (i + 1), "expected 10 values, found " + cells.length);
      }
      features[i] = new float[10];
      for (int j = 0; j < 10; j++) {
        features[i][j] = number(data, i + 1, j + 1, cells[j]);
      }
      targets[i] = number(target, i + 1, 1, values.get(i).trim());
    }
    return new Dataset("diabetes", Task.REGRESSION, List.of(), features, targets);
  }

  /**
   * A user's CSV: a header line naming the columns, numeric features, and {@code labelColumn} holding class
   * names (classification; classes sorted by name) or numbers (regression).
   */
  public static Dataset csv(Path file, String labelColumn, Task task) {
    return csv(file, labelColumn, task, null);
  }

  /**
   * The same, with the classes in {@code classOrder} (a model's output order, from its label file) rather than
   * sorted by name; a label not in it is an error naming the line.
   */
  public static Dataset csv(Path file, String labelColumn, Task task, List<String> classOrder) {
    List<String> lines = lines(file);
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    int label = header.indexOf(labelColumn);
    if (label < 0) {
      throw new DatasetException(file + ":1", "no column '" + Excerpts.cell(labelColumn) + "'" + Excerpts.header(header)
          .map(h -> "; columns: " + h).orElse(": the first line is not a CSV header naming the columns"));
    }
    int rows = lines.size() - 1;
    if (rows == 0) {
      throw new DatasetException(file.toString(), "a header and no samples");
    }
    List<String> names = new ArrayList<>();
    if (task == Task.CLASSIFICATION && classOrder != null) {
      names.addAll(classOrder);
      for (int i = 1; i <= rows; i++) {
        String name = cells(file, i + 1, lines.get(i), header.size())[label].strip();
        if (!names.contains(name)) {
          throw new DatasetException(file + ":" + (i + 1), "label '" + Excerpts.cell(name) + "' is not one of the model's "
              + names.size() + " labels");
        }
      }
    } else if (task == Task.CLASSIFICATION) {
      TreeSet<String> distinct = new TreeSet<>();
      for (int i = 1; i <= rows; i++) {
        distinct.add(cells(file, i + 1, lines.get(i), header.size())[label].strip());
      }
      names.addAll(distinct);
    }
    float[][] features = new float[rows][header.size() - 1];
    double[] targets = new double[rows];
    for (int i = 0; i < rows; i++) {
      String[] cells = cells(file, i + 2, lines.get(i + 1), header.size());
      for (int j = 0, k = 0; j < cells.length; j++) {
        if (j != label) {
          features[i][k++] = number(file, i + 2, j + 1, cells[j]);
        }
      }
      targets[i] = task == Task.CLASSIFICATION ? names.indexOf(cells[label].strip())
          : number(file, i + 2, label + 1, cells[label]);
    }
    return new Dataset(stem(file), task, names, features, targets);
  }

  private static String stem(Path file) {
    return file.getFileName().toString().replaceFirst("\\.csv(\\.gz)?$", "");
  }

  /**
   * A CSV of texts and their class: a header line, {@code labelColumn} and one text column. Each text becomes
   * character tokens: 0 pads, 1..n are the file's distinct characters in code-point order, so that the
   * vocabulary is {@code n + 1} (the largest token plus one) and every row is as long as the longest text; a
   * model with a shorter sequence reads the first characters.
   */
  public static Dataset words(Path file, String labelColumn) {
    List<String> lines = lines(file);
    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    int label = header.indexOf(labelColumn);
    if (label < 0 || header.size() != 2) {
      throw new DatasetException(file + ":1", "a text dataset has two columns, the text and '"
          + Excerpts.cell(labelColumn) + "'" + Excerpts.header(header).map(h -> "; the header names " + h)
          .orElse("; the first line is not a CSV header naming them"));
    }
    int text = 1 - label;
    List<String> texts = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = cells(file, i + 1, lines.get(i), 2);
      if (cells[text].isBlank()) {
        throw new DatasetException(file + ":" + (i + 1), "the " + Excerpts.cell(header.get(text)) + " is empty");
      }
      texts.add(cells[text].strip());
      labels.add(cells[label].strip());
    }
    if (texts.isEmpty()) {
      throw new DatasetException(file.toString(), "a header and no samples");
    }
    List<Integer> alphabet = texts.stream().flatMapToInt(String::codePoints).distinct().sorted().boxed().toList();
    List<String> classes = new ArrayList<>(new TreeSet<>(labels));
    int longest = texts.stream().mapToInt(t -> (int) t.codePoints().count()).max().orElseThrow();
    float[][] features = new float[texts.size()][longest];
    double[] targets = new double[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      int[] points = texts.get(i).codePoints().toArray();
      for (int j = 0; j < points.length; j++) {
        features[i][j] = java.util.Collections.binarySearch(alphabet, points[j]) + 1;
      }
      targets[i] = classes.indexOf(labels.get(i));
    }
    return new Dataset(stem(file), Task.CLASSIFICATION, classes, features, targets);
  }

  /**
   * The non-blank lines of a regular file of at most {@link InputFiles#MAX_DATASET_BYTES} (after decompression for
   * a .gz), in UTF-8.
   */
  private static List<String> lines(Path file) {
    String text;
    try (InputStream raw = InputFiles.open(file, "dataset", InputFiles.MAX_DATASET_BYTES);
        InputStream in = file.toString().endsWith(".gz") ? InputFiles.capped(new GZIPInputStream(raw), file,
            "dataset", InputFiles.MAX_DATASET_BYTES) : raw) {
      text = Utf8.decode(in.readAllBytes());
    } catch (RefusedFileException e) {
      throw new DatasetException(file.toString(), e.reason());
    } catch (InvalidUtf8Exception e) {
      throw new DatasetException(file + ":" + e.line() + ":" + e.column(), e.getMessage());
    } catch (IOException e) {
      throw new DatasetException(file.toString(), "cannot read it: " + e.getMessage());
    }
    List<String> lines = new ArrayList<>(text.lines().filter(l -> !l.isBlank()).toList());
    if (lines.isEmpty()) {
      throw new DatasetException(file.toString(), "the file is empty");
    }
    return lines;
  }

  private static String[] cells(Path file, int line, String text, int expected) {
    String[] cells = text.split(",", -1);
    if (cells.length != expected) {
      throw new DatasetException(file + ":" + line, "expected " + expected + " columns, found " + cells.length);
    }
    return cells;
  }

  private static float number(Path file, int line, int column, String text) {
    float value;
    try {
      value = Float.parseFloat(text.strip());
    } catch (NumberFormatException e) {
      throw new DatasetException(file + ":" + line, "column " + column + " is '" + Excerpts.cell(text) + "', not a"
          + " number");
    }
    if (!Float.isFinite(value)) {
      throw new DatasetException(file + ":" + line, "column " + column + " is " + Excerpts.cell(text) + "; every value"
          + " must be a finite number");
    }
    return value;
  }

  private static int integer(Path file, int line, String text, String what) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new DatasetException(file + ":" + line, what + " is '" + Excerpts.cell(text) + "', not a whole number");
    }
  }

  private static double label(Path file, int line, String text, int classes) {
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new DatasetException(file + ":" + line, "the label is '" + Excerpts.cell(text) + "', not a class index 0.."
          + (classes - 1));
    }
    if (value < 0 || value >= classes) {
      throw new DatasetException(file + ":" + line, "the label " + value + " is not a class index 0.." + (classes - 1));
    }
    return value;
  }
}
