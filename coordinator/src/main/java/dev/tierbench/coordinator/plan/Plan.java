package dev.tierbench.coordinator.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.EvalRef;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.sweep.GeneratedModelSource;
import dev.tierbench.common.sweep.ModelSource;
import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.Trial;
import dev.tierbench.coordinator.training.TrainedModels;

/**
 * A sweep made concrete over its {@linkplain PreparedModels prepared models}: its trials, every task (trial × tier ×
 * repetition) in a stable order (repetition first), and the trials it leaves out with the reason. Task ids derive from trial ids, so planning the same sweep twice gives the same
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

  /**
   * Plans {@code sweep} over its prepared models: every point of its axes that a model's format and batch
   * dimension take is a trial, and every trial runs on every tier, repetitions times. Pure: nothing is read.
   */
  public static Plan of(Sweep sweep, PreparedModels prepared) {
    List<TrialParams> points = sweep.axes().points();
    Set<ModelFormat> formats = new LinkedHashSet<>();
    points.forEach(p -> formats.add(p.engine().format()));
    List<ModelFile> models = new ArrayList<>();
    Map<String, String> families = new LinkedHashMap<>();
    List<Exclusion> exclusions = new ArrayList<>(prepared.exclusions());
    Map<String, Trial> trials = new LinkedHashMap<>();
    for (PreparedModels.Source each : prepared.sources()) {
      ModelSource source = each.source();
      if (!(source instanceof GeneratedModelSource)) {
        ModelFormat format = each.files().get(0).format();
        formats.stream().filter(f -> f != format).forEach(f -> exclusions.add(new Exclusion(source.name(),
            engines(points, f), "a " + format.label() + " file runs on " + engines(points, format) + " only")));
      }
      for (ModelFile file : each.files()) {
        models.add(file);
        ModelCheck check = prepared.checks().get(file.sha256());
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
    // Every trial's first repetition, then every trial's second, and so on: a variant's repetitions are spread
    // over the run, so a machine slower for a while (a neighbour on a shared host) moves one of them, not all.
    List<PlannedTask> tasks = new ArrayList<>();
    for (int repetition = 1; repetition <= sweep.repetitions(); repetition++) {
      for (Trial trial : trials.values()) {
        for (String tier : sweep.tiers()) {
          tasks.add(PlannedTask.of(trial, tier, repetition));
        }
      }
    }
    return new Plan(sweep, models, prepared.checks(), families, prepared.evaluations(), prepared.trainings(),
        new ArrayList<>(trials.values()), tasks, exclusions);
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
}
