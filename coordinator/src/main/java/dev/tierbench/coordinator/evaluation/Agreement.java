package dev.tierbench.coordinator.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.coordinator.store.StoredResult;
import dev.tierbench.coordinator.store.StoredRun;

/**
 * How often a variant's top-1 answer matches the reference's on the same evaluation set and tier, sample by
 * sample: what "as good as float32" means where labels are scarce or absent. The reference is the first trial
 * the sweep lists that was scored on the set; {@code agreement} is the share of its samples answered alike.
 */
public record Agreement(String tier, String dataset, String reference, String model, int samples, double agreement) {

  /** Every other variant scored on a set, against that set's reference on its tier. */
  public static List<Agreement> of(StoredRun run) {
    Map<String, String> models = new LinkedHashMap<>();
    run.trials().forEach(t -> models.put(t.trialId(), t.model().name()));
    Map<String, List<StoredResult>> byTrial = new LinkedHashMap<>();
    run.results().forEach(r -> byTrial.computeIfAbsent(r.trialId(), t -> new ArrayList<>()).add(r));
    // One scored result per variant, variants in the order the sweep lists their trials.
    Map<String, StoredResult> firstByVariant = new LinkedHashMap<>();
    for (String trial : models.keySet()) {
      for (StoredResult r : byTrial.getOrDefault(trial, List.of())) {
        if (r.evaluation() != null && r.evaluation().classification()) {
          firstByVariant.putIfAbsent(trial + "@" + r.tier(), r);
        }
      }
    }
    Map<String, StoredResult> references = new LinkedHashMap<>();
    List<Agreement> agreements = new ArrayList<>();
    for (StoredResult r : firstByVariant.values()) {
      String key = r.tier() + "|" + r.evaluation().dataset() + "|" + r.evaluation().samples();
      StoredResult reference = references.putIfAbsent(key, r);
      if (reference != null && !models.get(reference.trialId()).equals(models.get(r.trialId()))) {
        agreements.add(new Agreement(r.tier(), r.evaluation().dataset(), models.get(reference.trialId()),
            models.get(r.trialId()), r.evaluation().samples(), share(reference.evaluation(), r.evaluation())));
      }
    }
    return agreements;
  }

  /** The share of samples both answered alike; NaN when either did not keep its answers. */
  static double share(Evaluation a, Evaluation b) {
    int[] x = a.predictions();
    int[] y = b.predictions();
    if (x.length == 0 || x.length != y.length) {
      return Double.NaN;
    }
    int same = 0;
    for (int i = 0; i < x.length; i++) {
      same += x[i] == y[i] ? 1 : 0;
    }
    return same / (double) x.length;
  }
}
