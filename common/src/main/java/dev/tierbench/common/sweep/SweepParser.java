package dev.tierbench.common.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.tierbench.common.config.Defaults;
import dev.tierbench.common.config.Durations;
import dev.tierbench.common.generate.Generators;
import dev.tierbench.common.io.InputFiles;
import dev.tierbench.common.io.InvalidUtf8Exception;
import dev.tierbench.common.io.RefusedFileException;
import dev.tierbench.common.io.Utf8;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.yaml.Location;
import dev.tierbench.common.yaml.Problems;
import dev.tierbench.common.yaml.YamlException;
import dev.tierbench.common.yaml.YamlNode;
import dev.tierbench.common.yaml.YamlReader;
import dev.tierbench.common.yaml.YamlTree;

/**
 * Reads a sweep file. Every mistake (unknown key, wrong type, bad value) is reported with file, line and
 * column and what is allowed there; all mistakes of a file are reported together.
 */
public final class SweepParser {

  static final List<String> TOP_KEYS = List.of("name", "description", "models", "axes", "tiers", "repetitions",
      "measurement", "analysis", "adaptive");
  static final List<String> ADAPTIVE_KEYS = List.of("budget", "initial", "stop-below", "seed");
  static final List<String> ANALYSIS_KEYS = List.of("objectives", "recommend");
  static final List<String> RECOMMEND_KEYS = List.of("maximize", "minimize", "where", "tier");
  static final List<String> MODEL_KEYS = List.of("path", "generate", "params", "train", "name", "family", "eval");
  static final List<String> EVAL_KEYS = List.of("images", "csv", "label", "labels", "mean", "std");
  static final List<String> TRAIN_KEYS = List.of("dataset", "label", "epochs", "learning-rate", "batch", "seed");
  static final List<String> MEASUREMENT_KEYS = List.of("warmup", "max-warmup", "stability-windows",
      "stability-tolerance", "min-duration", "min-queries", "max-duration", "latency-bound", "seed", "profile-queries");
  /** The longest warm-up, measurement or latency bound: a task runs for at most a few of these. */
  static final Duration MAX_MEASURE_DURATION = Duration.ofHours(1);
  /** The most variants one generated model entry may make: above any plan's limits, below what memory holds. */
  static final int MAX_VARIANTS = 10_000;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final String NAME_RULE = "letters, digits, '.', '_' and '-', starting with a letter or digit";

  private SweepParser() {}

  /** @throws YamlException listing every problem, each with its location */
  public static Sweep parse(Path file) {
    return parse(text(file), file);
  }

  /**
   * A sweep file's text: a regular file of at most {@link InputFiles#MAX_SWEEP_BYTES}, in UTF-8.
   *
   * @throws YamlException for anything else, at the first bad byte for text that is not UTF-8
   */
  private static String text(Path file) {
    Location start = new Location(file.toString(), 1, 1);
    try {
      return Utf8.decode(InputFiles.read(file, "sweep file", InputFiles.MAX_SWEEP_BYTES));
    } catch (RefusedFileException e) {
      throw new YamlException(start, e.reason());
    } catch (InvalidUtf8Exception e) {
      throw new YamlException(new Location(file.toString(), e.line(), e.column()), e.getMessage());
    } catch (IOException e) {
      throw new YamlException(start, "cannot read sweep file: " + e.getMessage());
    }
  }

  public static Sweep parse(String text, Path file) {
    String fileName = file.toString();
    YamlNode root = YamlTree.parse(text, fileName);
    YamlReader reader = new YamlReader(new Problems());
    Optional<YamlNode.Mapping> top = reader.mapping(root, "a sweep file");
    if (top.isEmpty()) {
      reader.problems().throwIfAny();
    }
    YamlNode.Mapping sweep = top.get();
    reader.rejectUnknownKeys(sweep, "the sweep", TOP_KEYS);

    Optional<String> name = reader.required(sweep, "name", "the sweep").flatMap(n -> named(reader, n, "name"));
    String description = reader.optional(sweep, "description").flatMap(n -> reader.text(n, "description")).orElse("");
    List<ModelSource> models = reader.required(sweep, "models", "the sweep").map(n -> models(reader, n)).orElse(List.of());
    Axes axes = reader.optional(sweep, "axes").map(n -> axes(reader, n)).orElse(new Axes(Map.of()));
    List<String> tiers = reader.optional(sweep, "tiers").map(n -> tiers(reader, n)).orElse(List.of("local"));
    int repetitions = reader.optional(sweep, "repetitions")
        .flatMap(n -> reader.integer(n, "repetitions", 1, 1_000)).map(Long::intValue).orElse(1);
    Optional<MeasureSettings> measure = reader.optional(sweep, "measurement")
        .map(n -> measurement(reader, n))
        .orElseGet(() -> measurement(reader, new YamlNode.Mapping(Map.of(), sweep.location())));

    AnalysisSpec analysis = reader.optional(sweep, "analysis").map(n -> analysis(reader, n))
        .orElse(AnalysisSpec.DEFAULT);
    AdaptiveSpec adaptive = reader.optional(sweep, "adaptive").flatMap(n -> adaptive(reader, n)).orElse(null);

    Optional<YamlNode> axesNode = reader.optional(sweep, "axes");
    boolean rateWritten = axesNode.filter(n -> n instanceof YamlNode.Mapping m && m.entries().containsKey("rate"))
        .isPresent();
    if (axes.values().getOrDefault(Axis.SCENARIO, List.of()).contains(Scenario.SERVER) && !rateWritten) {
      reader.problems().add(axesNode.map(YamlNode::location).orElse(sweep.location()),
          "the server scenario needs a 'rate' axis: the queries per second to offer, e.g. rate: [50, 100]");
    }
    reader.problems().throwIfAny();
    return new Sweep(name.orElseThrow(), description, file, models, axes, tiers, repetitions, measure.orElseThrow(),
        analysis, adaptive);
  }

  /** {@code adaptive: {budget: 40%, initial: 15%, stop-below: 0.05, seed: 1}}, each key with its default. */
  private static Optional<AdaptiveSpec> adaptive(YamlReader reader, YamlNode node) {
    Optional<YamlNode.Mapping> mapping = reader.mapping(node, "adaptive");
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.Mapping m = mapping.get();
    reader.rejectUnknownKeys(m, "adaptive", ADAPTIVE_KEYS);
    Optional<AdaptiveSpec.TaskShare> budget = share(reader, m, "budget");
    Optional<AdaptiveSpec.TaskShare> initial = share(reader, m, "initial");
    double stopBelow = reader.optional(m, "stop-below")
        .flatMap(n -> reader.decimal(n, "stop-below (a probability)", 0.0001, 0.9999))
        .orElse(Double.parseDouble(AdaptiveSpec.DEFAULTS.get("stop-below")));
    long seed = reader.optional(m, "seed").flatMap(n -> reader.integer(n, "seed", Long.MIN_VALUE, Long.MAX_VALUE))
        .orElse(Long.parseLong(Defaults.get("draw-seed")));
    if (budget.isEmpty() || initial.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new AdaptiveSpec(budget.get(), initial.get(), stopBelow, seed));
  }

  /** A number of tasks ({@code 120}) or a share of the grid's ({@code 40%}), or its default. */
  private static Optional<AdaptiveSpec.TaskShare> share(YamlReader reader, YamlNode.Mapping m, String key) {
    Optional<YamlNode> node = reader.optional(m, key);
    if (node.isEmpty()) {
      return Optional.of(AdaptiveSpec.TaskShare.parse(AdaptiveSpec.DEFAULTS.get(key)));
    }
    Optional<String> text = node.get() instanceof YamlNode.Scalar s ? Optional.of(s.text()) : Optional.empty();
    try {
      return Optional.of(AdaptiveSpec.TaskShare.parse(text.orElseThrow(() -> new IllegalArgumentException(
          key + " must be a count (120) or a share of the grid (40%), got " + node.get().describe()))));
    } catch (IllegalArgumentException e) {
      reader.problems().add(node.get().location(), key + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Only the {@code analysis:} section of a sweep file (the defaults when it has none): what a report of a
   * finished run needs from the copy in its folder, whose model paths need not resolve there.
   *
   * @throws YamlException for a file that cannot be read or an analysis section with problems
   */
  public static AnalysisSpec readAnalysis(Path file) {
    YamlReader reader = new YamlReader(new Problems());
    Optional<YamlNode.Mapping> top = reader.mapping(YamlTree.parse(text(file), file.toString()), "a sweep file");
    AnalysisSpec spec = top.flatMap(t -> reader.optional(t, "analysis")).map(n -> analysis(reader, n))
        .orElse(AnalysisSpec.DEFAULT);
    reader.problems().throwIfAny();
    return spec;
  }

  /** {@code analysis: {objectives: [...], recommend: [{maximize: m, where: [...], tier: t}]}}. */
  private static AnalysisSpec analysis(YamlReader reader, YamlNode node) {
    Optional<YamlNode.Mapping> mapping = reader.mapping(node, "analysis");
    if (mapping.isEmpty()) {
      return AnalysisSpec.DEFAULT;
    }
    reader.rejectUnknownKeys(mapping.get(), "analysis", ANALYSIS_KEYS);
    List<Written> objectives = reader.optional(mapping.get(), "objectives")
        .map(n -> written(reader, reader.listOrOne(n), "an objective")).orElse(List.of());
    List<AnalysisSpec.RecommendSpec> recommend = new ArrayList<>();
    reader.optional(mapping.get(), "recommend").ifPresent(n -> {
      for (YamlNode item : reader.listOrOne(n)) {
        reader.mapping(item, "a recommendation").ifPresent(r -> recommendation(reader, r).ifPresent(recommend::add));
      }
    });
    return new AnalysisSpec(objectives, recommend);
  }

  private static Optional<AnalysisSpec.RecommendSpec> recommendation(YamlReader reader, YamlNode.Mapping r) {
    reader.rejectUnknownKeys(r, "a recommendation", RECOMMEND_KEYS);
    Optional<YamlNode> maximize = reader.optional(r, "maximize");
    Optional<YamlNode> minimize = reader.optional(r, "minimize");
    if (maximize.isPresent() == minimize.isPresent()) {
      reader.problems().add(r.location(), "a recommendation needs either 'maximize: METRIC' or 'minimize: METRIC'"
          + (maximize.isPresent() ? ", not both" : ""));
      return Optional.empty();
    }
    YamlNode goal = maximize.orElseGet(minimize::orElseThrow);
    Optional<String> metric = reader.text(goal, "the metric to " + (maximize.isPresent() ? "maximize" : "minimize"));
    List<Written> where = reader.optional(r, "where").map(n -> written(reader, reader.listOrOne(n), "a constraint"))
        .orElse(List.of());
    Written tier = reader.optional(r, "tier").flatMap(n -> reader.text(n, "tier").map(t -> new Written(t,
        n.location()))).orElse(null);
    return metric.map(m -> new AnalysisSpec.RecommendSpec(maximize.isPresent(), new Written(m, goal.location()),
        where, tier));
  }

  private static List<Written> written(YamlReader reader, List<YamlNode> nodes, String what) {
    List<Written> texts = new ArrayList<>();
    for (YamlNode node : nodes) {
      reader.text(node, what).ifPresent(t -> texts.add(new Written(t, node.location())));
    }
    return texts;
  }

  private static Optional<String> named(YamlReader reader, YamlNode node, String what) {
    Optional<String> text = reader.text(node, what);
    if (text.isPresent() && !NAME.matcher(text.get()).matches()) {
      reader.problems().add(node.location(), what + " '" + text.get() + "' may hold only " + NAME_RULE);
      return Optional.empty();
    }
    return text;
  }

  private static List<ModelSource> models(YamlReader reader, YamlNode node) {
    List<ModelSource> models = new ArrayList<>();
    Optional<YamlNode.Sequence> list = reader.list(node, "models");
    if (list.isEmpty()) {
      return models;
    }
    if (list.get().items().isEmpty()) {
      reader.problems().add(node.location(), "models must list at least one model");
    }
    Map<String, Location> names = new HashMap<>();
    for (YamlNode item : list.get().items()) {
      for (ModelSource source : model(reader, item)) {
        Location first = names.putIfAbsent(source.name(), source.location());
        if (first != null) {
          reader.problems().add(source.location(), "model name '" + source.name() + "' is used twice (first at "
              + first + "); give one of them another 'name'");
        } else {
          models.add(source);
        }
      }
    }
    return models;
  }

  /**
   * A model entry: {@code - path/to/model.tflite}, {@code - {path: ..., name: ...}}, or
   * {@code - {generate: FAMILY, params: {...}, name: ...}}, whose list-valued parameters expand into variants.
   */
  private static List<ModelSource> model(YamlReader reader, YamlNode item) {
    if (item instanceof YamlNode.Scalar) {
      return reader.text(item, "a model").<List<ModelSource>>map(path ->
          List.of(new FileModelSource(defaultName(path), path, item.location()))).orElse(List.of());
    }
    Optional<YamlNode.Mapping> entry = reader.mapping(item, "a model");
    if (entry.isEmpty()) {
      return List.of();
    }
    reader.rejectUnknownKeys(entry.get(), "a model", MODEL_KEYS);
    Optional<String> name = reader.optional(entry.get(), "name").flatMap(n -> named(reader, n, "model name"));
    Optional<YamlNode> generate = reader.optional(entry.get(), "generate");
    Optional<YamlNode> path = reader.optional(entry.get(), "path");
    if (generate.isPresent() == path.isPresent()) {
      reader.problems().add(item.location(), "a model needs either 'path' (a .tflite file) or 'generate' (a family:"
          + " " + String.join(", ", Generators.families()) + ")" + (path.isPresent() ? ", not both" : ""));
      return List.of();
    }
    if (path.isPresent()) {
      if (reader.optional(entry.get(), "params").isPresent()) {
        reader.problems().add(item.location(), "'params' go with 'generate', not with a model file");
      }
      reader.optional(entry.get(), "train").ifPresent(n -> reader.problems().add(n.location(),
          "'train' goes with 'generate' (tierbench trains the variants it generates), not with a model file"));
      Optional<String> family = reader.optional(entry.get(), "family").flatMap(n -> named(reader, n, "family"));
      EvalSpec eval = reader.optional(entry.get(), "eval").flatMap(n -> eval(reader, n)).orElse(null);
      return reader.text(path.get(), "path").<List<ModelSource>>map(p -> {
        String modelName = name.orElse(defaultName(p));
        return List.of(new FileModelSource(modelName, p, family.orElse(modelName), item.location(), eval));
      }).orElse(List.of());
    }
    reader.optional(entry.get(), "family").ifPresent(n -> reader.problems().add(n.location(),
        "a generated model's family is its generator's ('generate'); 'family' goes with a model file"));
    reader.optional(entry.get(), "eval").ifPresent(n -> reader.problems().add(n.location(),
        "a generated model is scored on the test split of the data it is trained on ('train'); 'eval' goes with a"
            + " model file"));
    return generated(reader, item, entry.get(), generate.get(), name);
  }

  private static List<ModelSource> generated(YamlReader reader, YamlNode item, YamlNode.Mapping entry,
      YamlNode familyNode, Optional<String> name) {
    Optional<String> family = reader.choice(familyNode, "generate", new java.util.LinkedHashSet<>(
        Generators.families()));
    if (family.isEmpty()) {
      return List.of();
    }
    List<Map.Entry<String, List<String>>> axes = new ArrayList<>();
    Optional<YamlNode> paramsNode = reader.optional(entry, "params");
    if (paramsNode.isPresent()) {
      Optional<YamlNode.Mapping> params = reader.mapping(paramsNode.get(), "params");
      if (params.isEmpty()) {
        return List.of();
      }
      List<String> known = new ArrayList<>(Generators.parameters(family.get()).keySet());
      // A sweep writes each variant in the format of each engine it runs on: the engine axis chooses, not a param.
      known.remove("format");
      Optional<YamlNode.Entry> format = Optional.ofNullable(params.get().entries().get("format"));
      if (format.isPresent()) {
        reader.problems().add(format.get().keyLocation(), "parameter 'format' is not set in a sweep: each"
            + " variant is written as TFLite for engines tflite and tflite-2.6 and as ONNX for onnxruntime; list"
            + " the engines under axes (engine: [onnxruntime])");
        return List.of();
      }
      reader.rejectUnknownKeys(params.get(), "the parameters of family " + family.get(), known);
      for (YamlNode.Entry param : params.get().entries().values()) {
        if (!known.contains(param.key())) {
          continue;
        }
        List<String> values = new ArrayList<>();
        for (YamlNode value : reader.listOrOne(param.value())) {
          reader.text(value, "parameter '" + param.key() + "'").ifPresent(values::add);
        }
        if (values.isEmpty()) {
          reader.problems().add(param.value().location(), "parameter '" + param.key() + "' lists no value");
          return List.of();
        }
        axes.add(Map.entry(param.key(), values));
      }
    }
    List<TrainSpec> trainings = reader.optional(entry, "train").map(n -> trainings(reader, n))
        .orElse(java.util.Collections.singletonList(null));
    long count = trainings.size();
    for (Map.Entry<String, List<String>> axis : axes) {
      count = Math.min(count * axis.getValue().size(), MAX_VARIANTS + 1L);
    }
    if (count > MAX_VARIANTS) {
      // Refused before the variants are made: their product could hold millions (the plan's limits count tasks).
      reader.problems().add(item.location(), family.get() + ": the listed parameters make more than " + MAX_VARIANTS
          + " variants; list fewer values");
      return List.of();
    }
    List<ModelSource> variants = new ArrayList<>();
    for (Map<String, String> point : product(axes)) {
      try {
        Generators.validate(family.get(), point);
      } catch (IllegalArgumentException e) {
        reader.problems().add(paramsNode.map(YamlNode::location).orElse(item.location()),
            family.get() + " " + point + ": " + e.getMessage());
        continue;
      }
      StringBuilder variant = new StringBuilder(name.orElse(family.get()));
      for (Map.Entry<String, List<String>> axis : axes) {
        if (axis.getValue().size() > 1) {
          variant.append('-').append(axis.getKey()).append(point.get(axis.getKey()));
        }
      }
      for (TrainSpec training : trainings) {
        String trained = training == null || trainings.size() == 1 ? "" : "-epochs" + training.epochs() + "-lr"
            + training.learningRate();
        variants.add(new GeneratedModelSource(variant + trained, family.get(), point, item.location(), training));
      }
    }
    return variants;
  }

  /**
   * {@code eval: {images: FOLDER, labels: FILE, mean: M, std: S}} or {@code eval: {csv: FILE, label: COLUMN,
   * labels: FILE}}: labelled data to score a model file on, or a folder of images without labels to compare
   * variants on.
   */
  private static Optional<EvalSpec> eval(YamlReader reader, YamlNode node) {
    Optional<YamlNode.Mapping> mapping = reader.mapping(node, "eval");
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.Mapping m = mapping.get();
    reader.rejectUnknownKeys(m, "eval", EVAL_KEYS);
    Optional<String> images = reader.optional(m, "images").flatMap(n -> reader.text(n, "images"));
    Optional<String> csv = reader.optional(m, "csv").flatMap(n -> reader.text(n, "csv"));
    Optional<String> label = reader.optional(m, "label").flatMap(n -> reader.text(n, "label"));
    Optional<String> labels = reader.optional(m, "labels").flatMap(n -> reader.text(n, "labels"));
    double mean = reader.optional(m, "mean").flatMap(n -> reader.decimal(n, "mean", -1e6, 1e6)).orElse(127.5);
    double std = reader.optional(m, "std").flatMap(n -> reader.decimal(n, "std", 1e-9, 1e6)).orElse(127.5);
    if (images.isPresent() == csv.isPresent()) {
      reader.problems().add(node.location(), "eval needs either 'images' (a folder per label, or of unlabelled"
          + " images) or 'csv' (a file with"
          + " a label column)" + (images.isPresent() ? ", not both" : ""));
      return Optional.empty();
    }
    if (csv.isPresent() && label.isEmpty()) {
      reader.problems().add(node.location(), "an eval csv needs 'label': the column holding each sample's target");
      return Optional.empty();
    }
    return Optional.of(new EvalSpec(images.orElse(null), csv.orElse(null), label.orElse(""), labels.orElse(null),
        mean, std, node.location()));
  }

  /**
   * {@code train: {dataset: NAME|FILE.csv, label: COLUMN, epochs: N|[..], learning-rate: X|[..], batch: N, seed: N}}:
   * every combination of the listed epochs and learning rates is a variant of its own.
   */
  private static List<TrainSpec> trainings(YamlReader reader, YamlNode node) {
    Optional<YamlNode.Mapping> mapping = reader.mapping(node, "train");
    if (mapping.isEmpty()) {
      return List.of();
    }
    reader.rejectUnknownKeys(mapping.get(), "train", TRAIN_KEYS);
    Optional<String> dataset = reader.required(mapping.get(), "dataset", "train").flatMap(n -> reader.text(n,
        "dataset"));
    String label = reader.optional(mapping.get(), "label").flatMap(n -> reader.text(n, "label")).orElse("");
    List<Long> epochs = new ArrayList<>();
    reader.optional(mapping.get(), "epochs").ifPresentOrElse(n -> reader.listOrOne(n).forEach(v -> reader.integer(v,
        "epochs", 1, 10_000).ifPresent(epochs::add)), () -> epochs.add(30L));
    List<Double> rates = new ArrayList<>();
    reader.optional(mapping.get(), "learning-rate").ifPresentOrElse(n -> reader.listOrOne(n).forEach(v ->
        reader.decimal(v, "learning-rate", 1e-9, 9.99).ifPresent(rates::add)), () -> rates.add(0.01));
    long batch = reader.optional(mapping.get(), "batch").flatMap(n -> reader.integer(n, "batch", 1, 65_536))
        .orElse(32L);
    long seed = reader.optional(mapping.get(), "seed").flatMap(n -> reader.integer(n, "seed", 0, Long.MAX_VALUE))
        .orElse(1L);
    if (dataset.isEmpty()) {
      return List.of();
    }
    List<TrainSpec> specs = new ArrayList<>();
    for (long e : epochs) {
      for (double rate : rates) {
        specs.add(new TrainSpec(dataset.get(), label, (int) e, rate, (int) batch, seed, node.location()));
      }
    }
    return specs;
  }

  /** Every combination of the parameters' values, in the order written. */
  private static List<Map<String, String>> product(List<Map.Entry<String, List<String>>> axes) {
    List<Map<String, String>> points = new ArrayList<>();
    points.add(new java.util.LinkedHashMap<>());
    for (Map.Entry<String, List<String>> axis : axes) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> point : points) {
        for (String value : axis.getValue()) {
          Map<String, String> extended = new java.util.LinkedHashMap<>(point);
          extended.put(axis.getKey(), value);
          next.add(extended);
        }
      }
      points = next;
    }
    return points;
  }

  private static String defaultName(String path) {
    String file = Path.of(path).getFileName().toString();
    return file.endsWith(".tflite") ? file.substring(0, file.length() - ".tflite".length()) : file;
  }

  private static Axes axes(YamlReader reader, YamlNode node) {
    Map<Axis, List<Object>> values = new EnumMap<>(Axis.class);
    Optional<YamlNode.Mapping> mapping = reader.mapping(node, "axes");
    if (mapping.isEmpty()) {
      return new Axes(values);
    }
    reader.rejectUnknownKeys(mapping.get(), "axes", Axis.keys());
    for (YamlNode.Entry entry : mapping.get().entries().values()) {
      Optional<Axis> axis = Axis.byKey(entry.key());
      if (axis.isEmpty()) {
        continue;
      }
      List<YamlNode> items = reader.listOrOne(entry.value());
      if (items.isEmpty()) {
        reader.problems().add(entry.value().location(), "axis '" + entry.key() + "' must list at least one value");
        continue;
      }
      List<Object> read = new ArrayList<>();
      for (YamlNode item : items) {
        axis.get().read(item, reader).ifPresent(value -> {
          if (read.contains(value)) {
            reader.problems().add(item.location(), "axis '" + entry.key() + "' lists " + value + " twice");
          } else {
            read.add(value);
          }
        });
      }
      if (!read.isEmpty()) {
        values.put(axis.get(), read);
      }
    }
    return new Axes(values);
  }

  private static List<String> tiers(YamlReader reader, YamlNode node) {
    List<String> tiers = new ArrayList<>();
    List<YamlNode> items = reader.listOrOne(node);
    if (items.isEmpty()) {
      reader.problems().add(node.location(), "tiers must list at least one tier");
    }
    for (YamlNode item : items) {
      named(reader, item, "tier").ifPresent(tier -> {
        if (tiers.contains(tier)) {
          reader.problems().add(item.location(), "tier '" + tier + "' is listed twice");
        } else {
          tiers.add(tier);
        }
      });
    }
    return tiers;
  }

  private static Optional<MeasureSettings> measurement(YamlReader reader, YamlNode node) {
    Optional<YamlNode.Mapping> mapping = reader.mapping(node, "measurement");
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    YamlNode.Mapping m = mapping.get();
    reader.rejectUnknownKeys(m, "measurement", MEASUREMENT_KEYS);
    int warmup = (int) integer(reader, m, "warmup", 0, 1_000_000);
    Duration maxWarmup = duration(reader, m, "max-warmup");
    int windows = (int) integer(reader, m, "stability-windows", 2, 100);
    double tolerance = reader.optional(m, "stability-tolerance")
        .flatMap(n -> reader.decimal(n, "stability-tolerance (a fraction)", 0.0001, 0.9999))
        .orElse(Double.parseDouble(Defaults.get("stability-tolerance")));
    Duration minDuration = duration(reader, m, "min-duration");
    long minQueries = integer(reader, m, "min-queries", 1, Long.MAX_VALUE);
    Duration maxDuration = duration(reader, m, "max-duration");
    Duration latencyBound = duration(reader, m, "latency-bound");
    long seed = integer(reader, m, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
    int profileQueries = (int) integer(reader, m, "profile-queries", 0, MeasureSettings.MAX_PROFILE_QUERIES);
    if (maxDuration.isZero() || maxDuration.compareTo(minDuration) < 0) {
      reader.problems().add(reader.optional(m, "max-duration").map(YamlNode::location).orElse(node.location()),
          "max-duration (" + Durations.format(maxDuration) + ") must be positive and at least min-duration ("
              + Durations.format(minDuration) + ")");
      return Optional.empty();
    }
    return Optional.of(new MeasureSettings(warmup, maxWarmup, windows, tolerance, minDuration, minQueries,
        maxDuration, latencyBound, seed, profileQueries));
  }

  /** A whole-number measurement key, or its default. */
  private static long integer(YamlReader reader, YamlNode.Mapping m, String key, long min, long max) {
    return reader.optional(m, key).flatMap(n -> reader.integer(n, key, min, max))
        .orElse(Long.parseLong(Defaults.get(key)));
  }

  /** A duration measurement key, or its default. */
  private static Duration duration(YamlReader reader, YamlNode.Mapping m, String key) {
    return reader.optional(m, key).flatMap(n -> reader.duration(n, key, MAX_MEASURE_DURATION))
        .orElse(Durations.parse(Defaults.get(key)));
  }
}
