package dev.tierbench.coordinator.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tierbench.common.generate.Generators;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.model.ModelFormatException;
import dev.tierbench.common.model.ModelInspector;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.EvalRef;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.sweep.FileModelSource;
import dev.tierbench.common.sweep.GeneratedModelSource;
import dev.tierbench.common.sweep.ModelSource;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.Trial;
import dev.tierbench.coordinator.training.TrainedModels;
import dev.tierbench.coordinator.training.TrainingProgress;

/**
 * A sweep made concrete: its models read and hashed (a generated variant written in each format its engines need,
 * the same weights in each), its trials, every task (trial × tier × repetition) in a stable order, and the trials
 * it leaves out with the reason. Task ids derive from trial ids, so planning the same sweep twice gives the same
 * ids: that is how a re-run resumes.
 */
public record Plan(Sweep sweep, List<ModelFile> models, Map<String, ModelCheck> checks, Map<String, String> families,
    Map<String, EvalFile> evaluations, Map<String, TrainedModels.TrainingRecord> trainings, List<Trial> trials,
    List<PlannedTask> tasks, List<Exclusion> exclusions) {

  public Plan {
    models = List.copyOf(models);
    checks = Map.copyOf(checks);
    families = Map.copyOf(families);
    evaluations = Map.copyOf(evaluations);
    trainings = Map.copyOf(trainings);
    trials = List.copyOf(trials);
    tasks = List.copyOf(tasks);
    exclusions = List.copyOf(exclusions);
  }

  /** The family of a trial's model (the first name the sweep gives a file listed twice). */
  public String family(Trial trial) {
    return families.get(trial.model().sha256());
  }

  /** The held-out set a trial's model is evaluated on, or null when it has none. */
  public EvalRef evaluation(Trial trial) {
    EvalFile file = evaluations.get(trial.model().sha256());
    return file == null ? null : file.ref();
  }

  /** How a trial's model was trained, or null for a model that was not. */
  public TrainedModels.TrainingRecord training(Trial trial) {
    return trainings.get(trial.model().sha256());
  }

  /** The inspection of the model a task measures. */
  public ModelCheck check(PlannedTask task) {
    return checks.get(task.trial().model().sha256());
  }

  /** As {@link #of(Sweep, Path)} with the default cache folder. */
  public static Plan of(Sweep sweep) {
    return of(sweep, Path.of(dev.tierbench.common.config.Defaults.get("cache-dir")));
  }

  /**
   * @param cacheDir where generated models are built once and kept
   * @throws dev.tierbench.common.yaml.YamlException if a model cannot be read or generated, naming where it is
   *     declared
   */
  public static Plan of(Sweep sweep, Path cacheDir) {
    return of(sweep, cacheDir, TrainingProgress.NONE);
  }

  /** The same, telling {@code training} how the training of generated variants goes. */
  public static Plan of(Sweep sweep, Path cacheDir, TrainingProgress training) {
    List<TrialParams> points = sweep.axes().points();
    Set<ModelFormat> formats = new LinkedHashSet<>();
    points.forEach(p -> formats.add(p.engine().format()));
    List<ModelFile> models = new ArrayList<>();
    Map<String, EvalFile> evaluations = new LinkedHashMap<>();
    Map<String, TrainedModels.TrainingRecord> trainings = new LinkedHashMap<>();
    Map<String, ModelCheck> checks = new LinkedHashMap<>();
    Map<String, String> families = new LinkedHashMap<>();
    List<Exclusion> exclusions = new ArrayList<>();
    // Every dataset is read and checked before anything trains: a bad file fails the plan at once.
    Map<String, dev.tierbench.common.dataset.Dataset> datasets = new java.util.HashMap<>();
    Map<ModelSource, List<TrainedModels.Prepared>> prepared = new java.util.IdentityHashMap<>();
    for (ModelSource source : sweep.models()) {
      if (source instanceof GeneratedModelSource generated && generated.train() != null) {
        List<TrainedModels.Prepared> each = new ArrayList<>();
        for (ModelFormat format : writable(generated, formats, exclusions)) {
          each.add(TrainedModels.prepare(generated.in(format), sweep.folder(), datasets));
        }
        prepared.put(source, each);
      }
    }
    Map<String, Trial> trials = new LinkedHashMap<>();
    for (ModelSource source : sweep.models()) {
      List<ModelFile> files = new ArrayList<>();
      if (prepared.containsKey(source)) {
        for (TrainedModels.Prepared each : prepared.get(source)) {
          TrainedModels.Trained trained = TrainedModels.materialize(each, sweep.folder(), cacheDir, training);
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
          files.add(generated.in(format).materialize(sweep.folder(), cacheDir));
        }
      } else {
        ModelFile file = source.materialize(sweep.folder(), cacheDir);
        files.add(file);
        if (source instanceof FileModelSource labelled && labelled.eval() != null) {
          evaluations.putIfAbsent(file.sha256(), EvalSets.of(labelled, file, sweep.folder(), cacheDir));
        }
        formats.stream().filter(f -> f != file.format()).forEach(f -> exclusions.add(new Exclusion(source.name(),
            engines(points, f), "a " + file.format().label() + " file runs on " + engines(points, file.format())
            + " only")));
      }
      for (ModelFile file : files) {
        models.add(file);
        ModelCheck check = checks.computeIfAbsent(file.sha256(), sha -> inspect(file));
        families.putIfAbsent(file.sha256(), source.family());
        Set<Integer> refusedBatches = new java.util.TreeSet<>();
        for (TrialParams point : points) {
          if (point.engine().format() != file.format()) {
            continue;
          }
          String batchProblem = check.ok() ? check.summary().batchProblem(point.batch()).orElse(null) : null;
          if (batchProblem != null) {
            if (refusedBatches.add(point.batch())) {
              exclusions.add(new Exclusion(source.name(), "batch " + point.batch(), batchProblem));
            }
            continue;
          }
          Trial trial = Trial.of(file, point, sweep.measure());
          // The same file listed under two names, or points that differ only in what their engine ignores, are one
          // trial: measure it once.
          trials.putIfAbsent(trial.id(), trial);
        }
      }
    }
    List<PlannedTask> tasks = new ArrayList<>();
    for (Trial trial : trials.values()) {
      for (String tier : sweep.tiers()) {
        for (int repetition = 1; repetition <= sweep.repetitions(); repetition++) {
          tasks.add(PlannedTask.of(trial, tier, repetition));
        }
      }
    }
    return new Plan(sweep, models, checks, families, evaluations, trainings, new ArrayList<>(trials.values()), tasks,
        exclusions);
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

  /** The sweep's engines that run {@code format}, for messages: "tflite and tflite-2.6". */
  private static String engines(List<TrialParams> points, ModelFormat format) {
    List<String> keys = points.stream().map(TrialParams::engine).filter(e -> e.format() == format).distinct()
        .map(Engine::key).toList();
    if (keys.isEmpty()) {
      return "the " + format.label() + " engines";
    }
    return keys.size() == 1 ? "engine " + keys.get(0)
        : "engines " + String.join(", ", keys.subList(0, keys.size() - 1)) + " and " + keys.get(keys.size() - 1);
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
