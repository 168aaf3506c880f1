package dev.tierbench.common.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.tierbench.common.model.ModelInspector;

/**
 * The generator families by name, each with its parameters and their defaults: one entry point for the
 * {@code generate} command and for sweep files. Parameter values arrive as text and are checked here, with
 * messages naming the parameter and its allowed values.
 */
public final class Generators {

  /** Bump when a family's graph changes for the same parameters: it is part of every cache key. */
  public static final int VERSION = 2;

  private static final Map<String, Map<String, String>> DEFAULTS = new LinkedHashMap<>();

  static {
    Map<String, String> mlp = new LinkedHashMap<>();
    mlp.put("inputs", "64");
    mlp.put("outputs", "10");
    mlp.put("depth", "2");
    mlp.put("width", "64");
    mlp.put("activation", "relu");
    mlp.put("task", "classify");
    mlp.put("seed", "1");
    mlp.put("quantize", "float32");
    mlp.put("format", "tflite");
    DEFAULTS.put("mlp", mlp);
    Map<String, String> cnn = new LinkedHashMap<>();
    cnn.put("phi", "");
    cnn.put("depth", "1.0");
    cnn.put("width", "1.0");
    cnn.put("resolution", "224");
    cnn.put("channels", "3");
    cnn.put("classes", "10");
    cnn.put("se", "true");
    cnn.put("activation", "swish");
    cnn.put("seed", "1");
    cnn.put("quantize", "float32");
    cnn.put("format", "tflite");
    DEFAULTS.put("cnn", cnn);
    Map<String, String> encoder = new LinkedHashMap<>();
    encoder.put("vocabulary", "1000");
    encoder.put("sequence", "32");
    encoder.put("layers", "2");
    encoder.put("hidden", "64");
    encoder.put("heads", "4");
    encoder.put("intermediate", "256");
    encoder.put("classes", "2");
    encoder.put("activation", "gelu");
    encoder.put("seed", "1");
    encoder.put("quantize", "float32");
    encoder.put("format", "tflite");
    DEFAULTS.put("encoder", encoder);
  }

  private Generators() {}

  public static List<String> families() {
    return List.copyOf(DEFAULTS.keySet());
  }

  /** The parameters of {@code family} with their defaults ("" for none). */
  public static Map<String, String> parameters(String family) {
    Map<String, String> params = DEFAULTS.get(family);
    if (params == null) {
      throw new IllegalArgumentException("unknown family '" + family + "'; families: " + String.join(", ",
          DEFAULTS.keySet()));
    }
    return params;
  }

  /** {@code given} completed with defaults, in a fixed order; unknown names are refused, listing the known. */
  public static Map<String, String> resolve(String family, Map<String, String> given) {
    Map<String, String> known = parameters(family);
    for (String name : given.keySet()) {
      if (!known.containsKey(name)) {
        throw new IllegalArgumentException("unknown parameter '" + name + "' for family " + family
            + "; parameters: " + String.join(", ", known.keySet()));
      }
    }
    Map<String, String> resolved = new TreeMap<>(known);
    resolved.putAll(given);
    return resolved;
  }

  /** The text that identifies a generated model: family, every parameter, generator version. */
  public static String canonical(String family, Map<String, String> given) {
    return family + ";" + resolve(family, given) + ";v" + VERSION;
  }

  /**
   * Builds the graph with seeded weights.
   *
   * @throws IllegalArgumentException naming the parameter and its allowed values
   */
  public static Graph build(String family, Map<String, String> given) {
    Object spec = spec(family, given);
    if (spec instanceof MlpSpec mlp) {
      return MlpFamily.build(mlp, new SeededWeights(mlp.seed(), mlp.activation() != Activation.NONE));
    }
    if (spec instanceof EncoderSpec encoder) {
      return EncoderFamily.build(encoder, new SeededWeights(encoder.seed(), false));
    }
    CnnSpec cnn = (CnnSpec) spec;
    return CnnFamily.build(cnn, new SeededWeights(cnn.seed(), true));
  }

  /** Seeded calibration: at most this many samples, and about this many multiply-accumulates in all. */
  private static final int CALIBRATION_SAMPLES = 64;
  private static final long CALIBRATION_MACS = 4_000_000_000L;

  /**
   * {@link #build} written as the parameters ask: int8 calibrates on seeded samples.
   *
   * @throws IllegalArgumentException naming the parameter and its allowed values
   */
  public static GeneratedModel generate(String family, Map<String, String> given) {
    Graph graph = build(family, given);
    return write(family, given, graph, () -> seededSamples(family, given, graph));
  }

  /**
   * {@code graph}, seeded or trained, written as {@code given} asks ({@code format}, {@code quantize}); int8
   * calibrates once, on what {@code calibration} gives, for the file and its TFLite form alike.
   *
   * @throws IllegalArgumentException naming the parameter and its allowed values
   */
  public static GeneratedModel write(String family, Map<String, String> given, Graph graph,
      Supplier<List<float[]>> calibration) {
    boolean onnx = onnx(family, given);
    if (!int8(family, given)) {
      byte[] tflite = TfliteWriter.write(graph);
      return new GeneratedModel(onnx ? OnnxWriter.write(graph) : tflite, tflite);
    }
    Int8Quantizer.Int8Model int8 = Int8Quantizer.quantize(graph, calibration.get());
    byte[] tflite = int8.tflite();
    return new GeneratedModel(onnx ? int8.onnx() : tflite, tflite);
  }

  /**
   * Calibration until a model is trained on data: Gaussian features or uniform token ids, 64 samples, fewer for
   * big models (calibration runs the Java reference forward pass): at least 4, at most about 4 billion
   * multiply-accumulates in all.
   */
  private static List<float[]> seededSamples(String family, Map<String, String> given, Graph graph) {
    Graph.Tensor input = graph.tensor(graph.input());
    int vocabulary = family.equals("encoder") ? (int) integer(resolve(family, given), "vocabulary") : 0;
    Random random = new Random(integer(resolve(family, given), "seed"));
    long macs = ModelInspector.inspect(family, TfliteWriter.write(graph)).macs();
    int count = (int) Math.max(4, Math.min(CALIBRATION_SAMPLES, CALIBRATION_MACS / Math.max(1, macs)));
    List<float[]> samples = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      float[] x = new float[input.elements()];
      for (int i = 0; i < x.length; i++) {
        x[i] = vocabulary > 0 ? random.nextInt(vocabulary) : (float) random.nextGaussian();
      }
      samples.add(x);
    }
    return samples;
  }

  /** Whether these parameters ask for an ONNX model (for ONNX Runtime) rather than TFLite. */
  public static boolean onnx(String family, Map<String, String> given) {
    return choice(resolve(family, given), "format", "tflite", "onnx").equals("onnx");
  }

  /** The file extension of the model these parameters describe. */
  public static String extension(String family, Map<String, String> given) {
    return onnx(family, given) ? ".onnx" : ".tflite";
  }

  /** Whether these parameters ask for an int8 model rather than float32. */
  public static boolean int8(String family, Map<String, String> given) {
    return choice(resolve(family, given), "quantize", "float32", "int8").equals("int8");
  }

  /** Checks the parameters without building anything; throws as {@link #build} would. */
  public static void validate(String family, Map<String, String> given) {
    spec(family, given);
  }

  private static Object spec(String family, Map<String, String> given) {
    Map<String, String> p = resolve(family, given);
    // How the graph is written, checked with what it is.
    choice(p, "format", "tflite", "onnx");
    choice(p, "quantize", "float32", "int8");
    long seed = integer(p, "seed");
    if (family.equals("mlp")) {
      return new MlpSpec((int) integer(p, "inputs"), (int) integer(p, "outputs"), (int) integer(p, "depth"),
          (int) integer(p, "width"), activation(p.get("activation")),
          choice(p, "task", "classify", "regress").equals("classify"), seed);
    }
    if (family.equals("encoder")) {
      return new EncoderSpec((int) integer(p, "vocabulary"), (int) integer(p, "sequence"), (int) integer(p, "layers"),
          (int) integer(p, "hidden"), (int) integer(p, "heads"), (int) integer(p, "intermediate"),
          (int) integer(p, "classes"), activation(p.get("activation")), seed);
    }
    int channels = (int) integer(p, "channels");
    int classes = (int) integer(p, "classes");
    boolean se = bool(p, "se");
    Activation activation = activation(p.get("activation"));
    if (p.get("phi").isEmpty()) {
      return new CnnSpec(decimal(p, "depth"), decimal(p, "width"), (int) integer(p, "resolution"), channels, classes,
          se, activation, seed);
    }
    // With phi, depth, width and resolution are the base network's, scaled together by it.
    return CnnSpec.compound(decimal(p, "phi"), decimal(p, "depth"), decimal(p, "width"), (int) integer(p, "resolution"),
        channels, classes, se, activation, seed);
  }

  private static long integer(Map<String, String> p, String name) {
    try {
      return Long.parseLong(p.get(name).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + p.get(name) + "'");
    }
  }

  private static double decimal(Map<String, String> p, String name) {
    try {
      return Double.parseDouble(p.get(name).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + p.get(name) + "'");
    }
  }

  private static boolean bool(Map<String, String> p, String name) {
    return Boolean.parseBoolean(choice(p, name, "true", "false"));
  }

  private static String choice(Map<String, String> p, String name, String... allowed) {
    String value = p.get(name).trim().toLowerCase(Locale.ROOT);
    if (!List.of(allowed).contains(value)) {
      throw new IllegalArgumentException(name + " must be one of " + String.join(", ", allowed) + ", got '"
          + p.get(name) + "'");
    }
    return value;
  }

  private static Activation activation(String text) {
    try {
      return Activation.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("activation must be one of relu, relu6, swish, gelu, none, got '" + text
          + "'");
    }
  }
}
