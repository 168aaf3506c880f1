package dev.tierbench.coordinator.predict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.lease.TaskState;
import dev.tierbench.coordinator.store.StoredResult;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.store.StoredTrial;
import dev.tierbench.coordinator.store.TaskRow;

/**
 * A stored run's latency models, fitted on the variants it measured: the predictions for the variants it did not
 * (an adaptive sweep's skipped ones, and those still to be measured; not failed ones), how well each model predicts
 * measured variants it was not fitted on, and how well one tier predicts another.
 */
public record RunPredictions(List<Predicted> predicted, List<GroupFit> fits, List<TransferError> transfers) {

  /** Folds of the cross-validation that gives a model's held-out error; fewer measured variants give none. */
  public static final int FOLDS = 5;

  /** Measurements of the target tier a few-shot transfer fits its slowdown on. */
  public static final int FEW_SHOT = 3;

  /** A variant not measured, predicted, and how. */
  public record Predicted(String trialId, String tier, Prediction prediction, String basis) {
    public String variantId() {
      return Variant.id(trialId, tier);
    }
  }

  /**
   * One group's model.
   *
   * @param heldOutError its mean relative error on measured variants left out of the fit (k-fold), NaN when it has
   *     fewer than {@link #FOLDS} x 2 of them
   */
  public record GroupFit(Group group, int measured, double heldOutError, String basis) {}

  /**
   * How well tier {@code to}'s measured variants are predicted from tier {@code from}'s model: scaled by the tiers'
   * calibrated peaks alone ({@code calibratedError}, NaN without both calibrations), and by a slowdown fitted on
   * {@link #FEW_SHOT} of {@code to}'s measurements (its error on the others).
   */
  public record TransferError(Group from, Group to, int variants, double calibratedError, double fewShotError) {}

  public RunPredictions {
    predicted = List.copyOf(predicted);
    fits = List.copyOf(fits);
    transfers = List.copyOf(transfers);
  }

  public Optional<Predicted> prediction(String variantId) {
    return predicted.stream().filter(p -> p.variantId().equals(variantId)).findFirst();
  }

  /** Fitted on {@code run}'s measured variants, with each tier's peaks from the first of its calibrated agents. */
  public static RunPredictions of(StoredRun run, long seed) {
    Map<String, TierPeak> peaks = peaks(run);
    Map<Group, List<Observation>> observations = observations(run);
    Map<String, Group> unmeasured = new LinkedHashMap<>();
    Set<String> measured = new LinkedHashSet<>();
    run.results().forEach(r -> measured.add(Variant.id(r.trialId(), r.tier())));
    for (TaskRow task : run.tasks()) {
      String id = Variant.id(task.trialId(), task.tier());
      // A failed task's model may not run at all there: a latency for it would be invented.
      if (!measured.contains(id) && !task.state().equals(TaskState.FAILED.name())) {
        unmeasured.put(id, group(run.trial(task.trialId()), task.tier()));
      }
    }
    TierModels models = TierModels.fit(observations, List.copyOf(new LinkedHashSet<>(unmeasured.values())), peaks,
        seed);
    List<Predicted> predicted = new ArrayList<>();
    for (TaskRow task : run.tasks()) {
      String id = Variant.id(task.trialId(), task.tier());
      if (unmeasured.remove(id) == null) {
        continue;
      }
      StoredTrial trial = run.trial(task.trialId());
      Group group = group(trial, task.tier());
      LatencyCase.of(trial.costs(), trial.params()).flatMap(c -> models.predict(group, c)).ifPresent(p ->
          predicted.add(new Predicted(task.trialId(), task.tier(), p, models.basis(group).orElseThrow().how())));
    }
    List<GroupFit> fits = new ArrayList<>();
    observations.forEach((group, measuredHere) -> fits.add(new GroupFit(group, measuredHere.size(),
        measuredHere.size() >= 2 * FOLDS ? LatencyModel.crossValidatedError(measuredHere, FOLDS, seed) : Double.NaN,
        models.basis(group).map(TierModels.Basis::how).orElse("too few measured variants to predict from"))));
    return new RunPredictions(predicted, fits, transfers(observations, peaks, seed));
  }

  private static List<TransferError> transfers(Map<Group, List<Observation>> observations,
      Map<String, TierPeak> peaks, long seed) {
    List<TransferError> errors = new ArrayList<>();
    observations.forEach((from, source) -> observations.forEach((to, target) -> {
      if (from.equals(to) || !to.equals(from.on(to.tier())) || source.size() < LatencyModel.MIN_OBSERVATIONS
          || target.size() <= FEW_SHOT) {
        return;
      }
      double calibrated = error(Map.of(from, source), to, target, peaks, seed);
      // The few it fits on: the fastest, the median and the slowest, so the slowdown spans the tier's range.
      List<Observation> sorted = target.stream().sorted(java.util.Comparator.comparingDouble(Observation::p50Ms))
          .toList();
      List<Observation> shots = List.of(sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
      List<Observation> rest = sorted.stream().filter(o -> !shots.contains(o)).toList();
      double fewShot = error(Map.of(from, source, to, shots), to, rest, Map.of(), seed);
      errors.add(new TransferError(from, to, target.size(), calibrated, fewShot));
    }));
    return errors;
  }

  /** Mean relative error of predictions for {@code to} from the models fitted on {@code fitted}; NaN if none. */
  private static double error(Map<Group, List<Observation>> fitted, Group to, List<Observation> truth,
      Map<String, TierPeak> peaks, long seed) {
    TierModels models = TierModels.fit(fitted, List.of(to), peaks, seed);
    if (models.basis(to).isEmpty() || truth.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (Observation o : truth) {
      sum += models.predict(to, o.variant()).orElseThrow().relativeError(o.p50Ms());
    }
    return sum / truth.size();
  }

  /** Each tier's calibrated peaks, from the first of its agents that calibrated. */
  public static Map<String, TierPeak> peaks(StoredRun run) {
    Map<String, TierPeak> peaks = new LinkedHashMap<>();
    run.agents().stream().filter(a -> a.calibration() != null)
        .forEach(a -> peaks.putIfAbsent(a.tier(), TierPeak.of(a.calibration())));
    return peaks;
  }

  /** Each measured variant's median latency (the median of its repetitions' medians), by group. */
  public static Map<Group, List<Observation>> observations(StoredRun run) {
    Map<String, List<Double>> medians = new LinkedHashMap<>();
    for (StoredResult r : run.results()) {
      medians.computeIfAbsent(Variant.id(r.trialId(), r.tier()), v -> new ArrayList<>())
          .add(r.measurement().latency().decode().getValueAtPercentile(50) / 1e6);
    }
    Map<Group, List<Observation>> byGroup = new LinkedHashMap<>();
    for (StoredResult r : run.results()) {
      String id = Variant.id(r.trialId(), r.tier());
      List<Double> values = medians.remove(id);
      if (values == null) {
        continue;
      }
      StoredTrial trial = run.trial(r.trialId());
      LatencyCase.of(trial.costs(), trial.params()).ifPresent(c -> byGroup.computeIfAbsent(group(trial, r.tier()),
          g -> new ArrayList<>()).add(new Observation(id, c, Observation.median(values))));
    }
    return byGroup;
  }

  private static Group group(StoredTrial trial, String tier) {
    return new Group(tier, trial.params().engine().key(), trial.params().scenario().key());
  }

}
