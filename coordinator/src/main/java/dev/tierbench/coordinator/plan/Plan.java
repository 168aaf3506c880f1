package dev.tierbench.coordinator.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.model.ModelFormatException;
import dev.tierbench.common.model.ModelInspector;
import dev.tierbench.common.protocol.EvalRef;
import dev.tierbench.common.sweep.FileModelSource;
import dev.tierbench.common.sweep.GeneratedModelSource;
import dev.tierbench.common.sweep.ModelSource;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.Trial;
import dev.tierbench.coordinator.training.TrainedModels;
import dev.tierbench.coordinator.training.TrainingProgress;

/**
 * A sweep made concrete: its models read and hashed, its trials, and every task (trial × tier ×
 * repetition), in a stable order. Task ids derive from trial ids, so planning the same sweep twice gives
 * the same ids: that is how a re-run resumes.
 */
public record Plan(Sweep sweep, List<ModelFile> models, Map<String, ModelCheck> checks, Map<String, String> families,
    Map<String, EvalFile> evaluations, Map<String, TrainedModels.TrainingRecord> trainings, List<Trial> trials,
    List<PlannedTask> tasks) {

  public Plan {
    models = List.copyOf(models);
    checks = Map.copyOf(checks);
    families = Map.copyOf(families);
    evaluations = Map.copyOf(evaluations);
    trainings = Map.copyOf(trainings);
    trials = List.copyOf(trials);
    tasks = List.copyOf(tasks);
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
    List<ModelFile> models = new ArrayList<>();
    Map<String, EvalFile> evaluations = new LinkedHashMap<>();
    Map<String, TrainedModels.TrainingRecord> trainings = new LinkedHashMap<>();
    Map<String, ModelCheck> checks = new LinkedHashMap<>();
    // Every dataset is read and checked before anything trains: a bad file fails the plan at once.
    Map<ModelSource, TrainedModels.Prepared> prepared = new java.util.IdentityHashMap<>();
    Map<String, dev.tierbench.common.dataset.Dataset> datasets = new java.util.HashMap<>();
    for (ModelSource source : sweep.models()) {
      if (source instanceof GeneratedModelSource generated && generated.train() != null) {
        prepared.put(source, TrainedModels.prepare(generated, sweep.folder(), datasets));
      }
    }
    for (ModelSource source : sweep.models()) {
      if (prepared.containsKey(source)) {
        TrainedModels.Trained trained = TrainedModels.materialize(prepared.get(source), sweep.folder(), cacheDir,
            training);
        models.add(trained.model());
        if (trained.problem() != null) {
          checks.put(trained.model().sha256(), new ModelCheck(null, trained.problem()));
        } else {
          evaluations.putIfAbsent(trained.model().sha256(), trained.evaluation());
          trainings.putIfAbsent(trained.model().sha256(), trained.record());
        }
      } else {
        ModelFile file = source.materialize(sweep.folder(), cacheDir);
        models.add(file);
        if (source instanceof FileModelSource labelled && labelled.eval() != null) {
          evaluations.putIfAbsent(file.sha256(), EvalSets.of(labelled, file, sweep.folder(), cacheDir));
        }
      }
    }
    Map<String, String> families = new LinkedHashMap<>();
    for (int i = 0; i < models.size(); i++) {
      ModelFile model = models.get(i);
      checks.computeIfAbsent(model.sha256(), sha -> inspect(model));
      families.putIfAbsent(model.sha256(), sweep.models().get(i).family());
    }
    Map<String, Trial> trials = new LinkedHashMap<>();
    for (Trial trial : sweep.trials(models)) {
      // The same file listed under two names is one trial: measure it once.
      trials.putIfAbsent(trial.id(), trial);
    }
    List<PlannedTask> tasks = new ArrayList<>();
    for (Trial trial : trials.values()) {
      for (String tier : sweep.tiers()) {
        for (int repetition = 1; repetition <= sweep.repetitions(); repetition++) {
          tasks.add(PlannedTask.of(trial, tier, repetition));
        }
      }
    }
    return new Plan(sweep, models, checks, families, evaluations, trainings, new ArrayList<>(trials.values()), tasks);
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
