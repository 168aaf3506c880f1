package dev.tierbench.coordinator.adaptive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tierbench.common.model.ModelSummary;
import dev.tierbench.common.sweep.Trial;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.plan.ModelCheck;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PlannedTask;
import dev.tierbench.coordinator.predict.Group;
import dev.tierbench.coordinator.predict.LatencyCase;

/** The variants of a plan an adaptive sweep chooses among: each trial on each tier, its model usable. */
public final class Candidates {

  private Candidates() {}

  public static List<Candidate> of(Plan plan) {
    Map<String, List<PlannedTask>> tasks = new LinkedHashMap<>();
    for (PlannedTask task : plan.tasks()) {
      if (plan.check(task).ok()) {
        tasks.computeIfAbsent(Variant.id(task.trial().id(), task.tier()), v -> new ArrayList<>()).add(task);
      }
    }
    List<Candidate> candidates = new ArrayList<>();
    tasks.forEach((variantId, repetitions) -> {
      PlannedTask first = repetitions.get(0);
      Trial trial = first.trial();
      ModelCheck check = plan.check(first);
      ModelSummary summary = check.summary();
      boolean scored = plan.evaluation(trial) != null;
      candidates.add(new Candidate(variantId, group(first), trial.model().sha256(),
          LatencyCase.of(summary, trial.params()).orElse(null), scored ? Double.NaN : summary.macs(), repetitions));
    });
    return candidates;
  }

  /** The latency model a task's variant belongs to. */
  public static Group group(PlannedTask task) {
    return new Group(task.tier(), task.trial().params().engine().key(), task.trial().params().scenario().key());
  }
}
