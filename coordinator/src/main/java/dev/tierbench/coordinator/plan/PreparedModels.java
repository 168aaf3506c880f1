package dev.tierbench.coordinator.plan;

import java.util.List;
import java.util.Map;

import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.sweep.ModelSource;
import dev.tierbench.coordinator.training.TrainedModels;

/**
 * A sweep's models made ready before it is planned: each source's files on disk (read and hashed, generated, or
 * trained), what inspecting each file found, their held-out sets and training records by model hash, and the
 * formats a generated variant could not be written in.
 */
public record PreparedModels(List<Source> sources, Map<String, ModelCheck> checks, Map<String, EvalFile> evaluations,
    Map<String, TrainedModels.TrainingRecord> trainings, List<Exclusion> exclusions) {

  /** One model the sweep names, and its files: one per format its engines need (a file source has its own). */
  public record Source(ModelSource source, List<ModelFile> files) {
    public Source {
      files = List.copyOf(files);
    }
  }

  public PreparedModels {
    sources = List.copyOf(sources);
    checks = Map.copyOf(checks);
    evaluations = Map.copyOf(evaluations);
    trainings = Map.copyOf(trainings);
    exclusions = List.copyOf(exclusions);
    for (Source source : sources) {
      for (ModelFile file : source.files()) {
        if (!checks.containsKey(file.sha256())) {
          throw new IllegalArgumentException(file.path() + " of " + source.source().name() + " was not inspected");
        }
      }
    }
  }
}
