package dev.tierbench.coordinator.preparation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tierbench.common.config.Defaults;
import dev.tierbench.common.dataset.Dataset;
import dev.tierbench.common.generate.Generators;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.model.ModelFormatException;
import dev.tierbench.common.model.ModelInspector;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.sweep.FileModelSource;
import dev.tierbench.common.sweep.GeneratedModelSource;
import dev.tierbench.common.sweep.InputPaths;
import dev.tierbench.common.sweep.ModelSource;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.coordinator.plan.EvalFile;
import dev.tierbench.coordinator.plan.Exclusion;
import dev.tierbench.coordinator.plan.ModelCheck;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PreparedModels;
import dev.tierbench.coordinator.training.TrainedModels;
import dev.tierbench.coordinator.training.TrainingProgress;

/**
 * The step before planning, the only one that touches files: a sweep's model files are read and hashed, generated
 * variants written in each format their engines need (the same weights in each), trained ones trained (once: the
 * cache keeps them), labelled sets made into evaluation files, and every file inspected.
 */
public final class Preparation {

  private Preparation() {}

  /** Prepares the sweep's models into the default cache folder and plans it. */
  public static Plan plan(Sweep sweep) {
    return plan(sweep, Path.of(Defaults.get("cache-dir")));
  }

  /** Prepares the sweep's models into {@code cacheDir} and plans it. */
  public static Plan plan(Sweep sweep, Path cacheDir) {
    return plan(sweep, cacheDir, TrainingProgress.NONE);
  }

  /** The same, telling {@code training} how the training of generated variants goes. */
  public static Plan plan(Sweep sweep, Path cacheDir, TrainingProgress training) {
    return Plan.of(sweep, prepare(sweep, cacheDir, training));
  }

  /**
   * @param cacheDir where generated models are built once and kept
   * @throws dev.tierbench.common.yaml.YamlException if a model cannot be read or generated, naming where it is
   *     declared
   */
  public static PreparedModels prepare(Sweep sweep, Path cacheDir, TrainingProgress training) {
    return prepare(sweep, sweep.inputs(), cacheDir, training);
  }

  /** The same, reading the files the sweep names through {@code inputs} (a submitted sweep's, say). */
  public static PreparedModels prepare(Sweep sweep, InputPaths inputs, Path cacheDir, TrainingProgress training) {
    Set<ModelFormat> formats = new LinkedHashSet<>();
    sweep.axes().points().forEach(p -> formats.add(p.engine().format()));
    List<Exclusion> exclusions = new ArrayList<>();
    Map<String, ModelCheck> checks = new LinkedHashMap<>();
    Map<String, EvalFile> evaluations = new LinkedHashMap<>();
    Map<String, TrainedModels.TrainingRecord> trainings = new LinkedHashMap<>();
    // Every dataset is read and checked before anything trains: a bad file fails the sweep at once.
    Map<String, Dataset> datasets = new HashMap<>();
    Map<ModelSource, List<TrainedModels.Prepared>> toTrain = new IdentityHashMap<>();
    for (ModelSource source : sweep.models()) {
      if (source instanceof GeneratedModelSource generated && generated.train() != null) {
        List<TrainedModels.Prepared> each = new ArrayList<>();
        for (ModelFormat format : writable(generated, formats, exclusions)) {
          each.add(TrainedModels.prepare(generated.in(format), inputs, datasets));
        }
        toTrain.put(source, each);
      }
    }
    List<PreparedModels.Source> sources = new ArrayList<>();
    for (ModelSource source : sweep.models()) {
      List<ModelFile> files = new ArrayList<>();
      if (toTrain.containsKey(source)) {
        for (TrainedModels.Prepared each : toTrain.get(source)) {
          TrainedModels.Trained trained = TrainedModels.materialize(each, inputs, cacheDir, training);
          files.add(trained.model());
          if (trained.problem() != null) {
            checks.put(trained.model().sha256(), new ModelCheck(null, trained.problem()));
          } else {
            evaluations.putIfAbsent(trained.model().sha256(), trained.evaluation());
            trainings.putIfAbsent(trained.model().sha256(), trained.record());
          }
        }
      } else if (source instanceof GeneratedModelSource generated) {
        for (ModelFormat format : writable(generated, formats, exclusions)) {
          files.add(generated.in(format).materialize(inputs, cacheDir));
        }
      } else {
        ModelFile file = source.materialize(inputs, cacheDir);
        files.add(file);
        if (source instanceof FileModelSource labelled && labelled.eval() != null) {
          evaluations.putIfAbsent(file.sha256(), EvalSets.of(labelled, file, inputs, cacheDir));
        }
      }
      files.forEach(file -> checks.computeIfAbsent(file.sha256(), sha -> inspect(file)));
      sources.add(new PreparedModels.Source(source, files));
    }
    return new PreparedModels(sources, checks, evaluations, trainings, exclusions);
  }

  /**
   * The formats a generated variant is written in: each one its engines need that the generator can write it in;
   * the others are left out, saying why.
   */
  private static List<ModelFormat> writable(GeneratedModelSource source, Set<ModelFormat> formats,
      List<Exclusion> exclusions) {
    List<ModelFormat> writable = new ArrayList<>();
    for (ModelFormat format : formats) {
      try {
        Generators.validate(source.family(), source.in(format).params());
        writable.add(format);
      } catch (IllegalArgumentException e) {
        exclusions.add(new Exclusion(source.name(), "as " + format.label(), e.getMessage()));
      }
    }
    return writable;
  }

  /**
   * A model file is inspected as TFLite; an ONNX model through its TFLite twin (the same graph, kept beside the
   * ones tierbench generates), since ONNX files have no inspector of their own.
   */
  private static ModelCheck inspect(ModelFile model) {
    Path inspected = model.path();
    if (model.format() == ModelFormat.ONNX && Files.isRegularFile(ModelFormat.tfliteTwin(model.path()))) {
      inspected = ModelFormat.tfliteTwin(model.path());
    } else if (model.path().toString().endsWith(".onnx")) {
      return new ModelCheck(null, model.path() + ": ONNX files are not inspected yet (their costs are unknown);"
          + " generate the model with format: onnx, or measure its .tflite version");
    }
    try {
      return new ModelCheck(ModelInspector.inspect(inspected), null);
    } catch (ModelFormatException e) {
      return new ModelCheck(null, e.getMessage());
    } catch (IOException e) {
      return new ModelCheck(null, model.path() + ": cannot be read: " + e.getMessage());
    }
  }
}
