package dev.tierbench.coordinator.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.Variants;
import dev.tierbench.coordinator.predict.LatencyModel;
import dev.tierbench.coordinator.predict.RunPredictions;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.store.StoredTrial;

/**
 * The report's "Predicted, not measured" section: the variants a run did not measure with their predicted latency,
 * and how far its latency models can be trusted. Kept apart from every measured figure, so that no frontier, table
 * or recommendation ever counts a prediction as a measurement.
 *
 * @param lead the sentence that opens the section: how much was measured, how the rest is predicted
 * @param predicted sorted by tier (in the run's order), then predicted median
 * @param fewShot how many of a tier's measurements a few-shot transfer fits its slowdown on
 */
public record PredictedSection(int measuredTasks, int tasks, String lead, List<Row> predicted, List<Model> models,
    List<Transfer> transfers, int fewShot) {

  /** No predictions: a run nothing could be predicted for. */
  public static final PredictedSection NONE = new PredictedSection(0, 0, "", List.of(), List.of(), List.of(),
      RunPredictions.FEW_SHOT);

  /** A predicted variant, labelled as the report labels measured ones. */
  public record Row(String variantId, String trialId, String tier, String label, double p50Ms, double lowMs,
      double highMs, String basis) {}

  /** One latency model; {@code heldOutError} NaN (null in JSON) with too few variants to cross-validate. */
  public record Model(String tier, String engine, String scenario, int measured, double heldOutError, String basis) {}

  /** One tier's model predicting another's measured variants (see {@link RunPredictions.TransferError}). */
  public record Transfer(String from, String to, String engine, String scenario, int variants,
      double calibratedError, double fewShotError) {}

  public PredictedSection {
    predicted = List.copyOf(predicted);
    models = List.copyOf(models);
    transfers = List.copyOf(transfers);
  }

  /**
   * @param variants the run's measured variants, whose labels the predicted ones follow
   * @param seed the report's draw seed: the models' bootstrap and cross-validation depend on it alone
   */
  public static PredictedSection of(StoredRun run, List<Variant> variants, long seed) {
    RunPredictions predictions = RunPredictions.of(run, seed);
    List<Map<String, String>> settings = new ArrayList<>(variants.stream().map(Variant::axes).toList());
    predictions.predicted().forEach(p -> settings.add(Variants.axes(run.trial(p.trialId()))));
    List<String> labelAxes = Variants.varyingAxesOf(settings);
    List<Row> rows = new ArrayList<>();
    for (RunPredictions.Predicted p : predictions.predicted()) {
      StoredTrial trial = run.trial(p.trialId());
      rows.add(new Row(p.variantId(), p.trialId(), p.tier(), Variant.label(trial.model().name(), Variants.axes(trial),
          labelAxes, p.tier()), p.prediction().p50Ms(), p.prediction().lowMs(), p.prediction().highMs(), p.basis()));
    }
    rows.sort(Comparator.comparingInt((Row r) -> run.tiers().indexOf(r.tier())).thenComparingDouble(Row::p50Ms));
    int measured = run.results().size();
    String lead = "This run measured " + measured + " of " + run.tasks().size() + " tasks; the other " + rows.size()
        + " variants are predicted by a latency model fitted on what was measured (ridge regression of log latency on"
        + " model costs and settings, per tier and engine; " + Math.round(100 * LatencyModel.COVERAGE)
        + " % intervals from a bootstrap). Predictions are estimates, not measurements.";
    return new PredictedSection(measured, run.tasks().size(), lead, rows, predictions.fits().stream()
        .map(f -> new Model(f.group().tier(), f.group().engine(), f.group().scenario(), f.measured(), f.heldOutError(),
            f.basis())).toList(), predictions.transfers().stream().map(t -> new Transfer(t.from().tier(),
                t.to().tier(), t.from().engine(), t.from().scenario(), t.variants(), t.calibratedError(),
                t.fewShotError())).toList(), RunPredictions.FEW_SHOT);
  }
}
