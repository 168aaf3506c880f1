package dev.tierbench.coordinator.report;

import java.util.List;

import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.lease.TaskState;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.store.StoredTrial;
import dev.tierbench.coordinator.store.TaskRow;

/** A measured run as an adaptive sweep would have left it had it skipped one variant: its tasks SKIPPED, no results. */
final class Skipped {

  private Skipped() {}

  /** The variant id of {@code model} at {@code batch} on {@code tier}. */
  static String variant(StoredRun run, String model, int batch, String tier) {
    StoredTrial trial = run.trials().stream().filter(t -> t.model().name().equals(model) && t.params().batch() == batch)
        .findFirst().orElseThrow();
    return Variant.id(trial.trialId(), tier);
  }

  static StoredRun skipping(StoredRun whole, String variantId) {
    List<TaskRow> tasks = whole.tasks().stream().map(t -> !Variant.id(t.trialId(), t.tier()).equals(variantId) ? t
        : new TaskRow(t.taskId(), t.trialId(), t.tier(), t.repetition(), TaskState.SKIPPED.name(), 0,
            "frontier stable: test")).toList();
    return new StoredRun(whole.runId(), whole.sweepName(), whole.sweepFile(), whole.createdAt(),
        whole.protocolVersion(), whole.tiers(), whole.repetitions(), whole.trials(), tasks, whole.results().stream()
            .filter(r -> !Variant.id(r.trialId(), r.tier()).equals(variantId)).toList(), whole.agents(),
        whole.exclusions());
  }
}
