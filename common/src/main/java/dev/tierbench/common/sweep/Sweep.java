package dev.tierbench.common.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.TrialParams;

/**
 * A scaling sweep as written in its file: models × axes, run on each tier, each task repeated.
 *
 * @param file the sweep file (relative model paths resolve against its folder, see {@link #inputs()})
 * @param analysis how its results are ranked and which recommendations its report answers
 * @param adaptive how to measure only part of the grid; null: every task
 */
public record Sweep(
    String name,
    String description,
    Path file,
    List<ModelSource> models,
    Axes axes,
    List<String> tiers,
    int repetitions,
    MeasureSettings measure,
    AnalysisSpec analysis,
    AdaptiveSpec adaptive) {

  /** A sweep that measures every task of its grid. */
  public Sweep(String name, String description, Path file, List<ModelSource> models, Axes axes, List<String> tiers,
      int repetitions, MeasureSettings measure, AnalysisSpec analysis) {
    this(name, description, file, models, axes, tiers, repetitions, measure, analysis, null);
  }

  public Sweep {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs at least one model");
    }
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs at least one tier");
    }
    if (repetitions < 1) {
      throw new IllegalArgumentException("repetitions must be >= 1");
    }
    models = List.copyOf(models);
    analysis = analysis == null ? AnalysisSpec.DEFAULT : analysis;
    tiers = List.copyOf(tiers);
  }

  /** The paths it names as they are beside its file: what a sweep run where it was written reads. */
  public InputPaths inputs() {
    return InputPaths.beside(file);
  }

  /** Every model file, in the order written; each source is read (and hashed), or generated, once. */
  public List<ModelFile> materializeModels(Path cacheDir) {
    List<ModelFile> files = new ArrayList<>();
    for (ModelSource source : models) {
      files.add(source.materialize(inputs(), cacheDir));
    }
    return files;
  }

  /** As {@link #materializeModels(Path)} with the default cache folder. */
  public List<ModelFile> materializeModels() {
    return materializeModels(Path.of(dev.tierbench.common.config.Defaults.get("cache-dir")));
  }

  /** The trials of this sweep for the given (materialized) models: each model × each point of the axes. */
  public List<Trial> trials(List<ModelFile> modelFiles) {
    List<TrialParams> points = axes.points();
    List<Trial> trials = new ArrayList<>();
    for (ModelFile model : modelFiles) {
      for (TrialParams params : points) {
        trials.add(Trial.of(model, params, measure));
      }
    }
    return trials;
  }
}
