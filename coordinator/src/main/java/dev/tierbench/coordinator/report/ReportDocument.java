package dev.tierbench.coordinator.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.coordinator.analysis.Metric;
import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Objective;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.Variants;
import dev.tierbench.coordinator.engine.EngineComparison;
import dev.tierbench.coordinator.evaluation.Agreement;
import dev.tierbench.coordinator.pareto.Frontier;
import dev.tierbench.coordinator.profile.OperatorProfile;
import dev.tierbench.coordinator.quantization.QuantizationCost;
import dev.tierbench.coordinator.recommend.Query;
import dev.tierbench.coordinator.recommend.Recommendation;
import dev.tierbench.coordinator.recommend.Recommender;
import dev.tierbench.coordinator.roofline.Rooflines;
import dev.tierbench.coordinator.scaling.LatencyFit;
import dev.tierbench.coordinator.scaling.Plateau;
import dev.tierbench.coordinator.scaling.Scaling;
import dev.tierbench.coordinator.scaling.ScalingCurve;
import dev.tierbench.coordinator.scaling.Slowdown;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.store.TaskRow;

/**
 * Everything a report says about a run, as one document: {@code report.json}, the data of
 * {@code report.html}, and what the live page and {@code /api/runs/{id}/report} show. Built from what is
 * stored, finished or not: {@code notes} say what is missing.
 */
public record ReportDocument(
    Map<String, Object> run,
    List<String> notes,
    List<MetricInfo> metrics,
    List<String> objectives,
    List<TrialRow> trials,
    List<Frontier> frontiers,
    List<Recommendation> recommendations,
    List<LatencyFit> fits,
    List<Plateau> plateaus,
    List<Slowdown> slowdowns,
    List<ScalingCurve> curves,
    List<QuantizationCost> quantization,
    List<EngineComparison> engines,
    List<OperatorProfile> profiles,
    List<Agreement> agreement,
    Rooflines rooflines,
    PredictedSection predictions,
    List<Plot> plots,
    List<Failure> failures) {

  private static final Logger LOG = LoggerFactory.getLogger(ReportDocument.class);

  /** A metric this run has figures for. */
  public record MetricInfo(String name, String unit, String direction, String description) {
    static MetricInfo of(Metric m) {
      return new MetricInfo(m.name(), m.unit(), m.direction().word(), m.description());
    }
  }

  /** A task that failed, with the variant it belongs to. */
  public record Failure(String taskId, String trialId, String model, String tier, int repetition, int attempts,
      String reason) {}

  /**
   * @throws dev.tierbench.coordinator.analysis.UnknownMetricException when an objective or a recommendation
   *     names no metric of the run (the message lists those it has)
   * @throws IllegalArgumentException for a constraint that does not parse or an unknown tier
   */
  public static ReportDocument build(StoredRun run, AnalysisSettings settings) {
    return build(run, Variants.of(run), settings);
  }

  /** @param variants the run's variants, as {@link Variants#of} gives them */
  public static ReportDocument build(StoredRun run, List<Variant> variants, AnalysisSettings settings) {
    List<String> notes = new ArrayList<>();
    if (run.unfinishedTasks() > 0) {
      notes.add("incomplete run: " + run.results().size() + " of " + run.tasks().size() + " tasks measured, "
          + run.unfinishedTasks() + " not yet (queued or being measured); this report shows what exists");
    }
    if (run.failedTasks() > 0) {
      notes.add(run.failedTasks() + " task(s) failed: see the failures at the end");
    }
    List<TrialRow> trials = TrialRows.of(run, variants);
    List<Failure> failures = failures(run);
    Rooflines rooflines = Rooflines.of(run, variants);
    PredictedSection predictions = predictions(run, variants, settings.seed(), notes);
    if (variants.isEmpty()) {
      notes.add("nothing measured yet: no frontier, recommendation or fit to show");
      return new ReportDocument(RunDescription.of(run), notes, List.of(), List.of(), trials, List.of(), List.of(),
          List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), rooflines,
          predictions, List.of(), failures);
    }
    List<Metric> available = MetricCatalog.available(variants);
    List<Objective> objectives = settings.resolveObjectives(available);
    List<Query> queries = settings.resolveQueries(available, run.tiers());
    List<String> labelAxes = Variants.varyingAxes(variants);
    List<Frontier> frontiers = new ArrayList<>();
    List<String> measuredTiers = run.tiers().stream().filter(t -> variants.stream().anyMatch(v -> v.tier().equals(t)))
        .toList();
    for (String tier : measuredTiers) {
      frontiers.add(Frontier.of(tier, variants.stream().filter(v -> v.tier().equals(tier)).toList(), objectives,
          labelAxes, settings.draws(), settings.seed()));
    }
    if (measuredTiers.size() > 1) {
      frontiers.add(Frontier.of(Frontier.ALL_TIERS, variants, objectives, labelAxes, settings.draws(), settings.seed()));
    }
    // With several engines, each engine's own frontier too: which variant to deploy depends on the runtime.
    List<String> engines = variants.stream().map(v -> v.axes().get("engine")).distinct().toList();
    for (String tier : engines.size() > 1 ? measuredTiers : List.<String>of()) {
      for (String engine : engines) {
        List<Variant> scoped = variants.stream().filter(v -> v.tier().equals(tier) && v.axes().get("engine")
            .equals(engine)).toList();
        if (!scoped.isEmpty()) {
          frontiers.add(Frontier.of(tier + ", engine " + engine, scoped, objectives, labelAxes, settings.draws(),
              settings.seed()));
        }
      }
    }
    List<Recommendation> recommendations = queries.stream()
        .map(q -> Recommender.recommend(variants, q, settings.draws(), settings.seed())).toList();
    List<LatencyFit> fits = Scaling.latencyFits(variants, AnalysisSettings.OFF_LINE_LIMIT);
    if (fits.isEmpty()) {
      notes.add(Scaling.whyNoFit(variants));
    }
    List<ScalingCurve> curves = Scaling.curves(variants);
    return new ReportDocument(RunDescription.of(run), notes, available.stream().map(MetricInfo::of).toList(),
        objectives.stream().map(Objective::toString).toList(), trials, frontiers, recommendations, fits,
        Scaling.plateaus(variants, settings.plateauGain(), setting(run)), Scaling.slowdowns(variants, run.tiers()),
        curves,
        QuantizationCost.of(run, variants), EngineComparison.of(run, variants, labelAxes),
        OperatorProfile.of(run, variants, labelAxes), Agreement.of(run), rooflines, predictions, Plots.of(variants, frontiers,
            available, fits, curves, rooflines), failures);
  }

  /**
   * The predicted section, or none with a note: predictions are an extra, and a model that cannot be fitted must
   * never cost the report of what was measured.
   */
  private static PredictedSection predictions(StoredRun run, List<Variant> variants, long seed, List<String> notes) {
    try {
      return PredictedSection.of(run, variants, seed);
    } catch (RuntimeException e) {
      LOG.warn("run {}: no predictions for its unmeasured variants", run.runId(), e);
      notes.add("no predictions for the variants not measured: " + e.getMessage());
      return PredictedSection.NONE;
    }
  }

  /** What besides size tells a family's models apart: quantization and how they were trained. */
  private static java.util.function.Function<Variant, String> setting(StoredRun run) {
    Map<String, String> settings = new LinkedHashMap<>();
    run.trials().forEach(t -> settings.put(t.trialId(), String.join(", ", java.util.stream.Stream.of(
        t.costs().quantization(), t.training().trainedOn()).filter(x -> x != null && !x.isEmpty()).toList())));
    return v -> settings.getOrDefault(v.trialId(), "");
  }

  private static List<Failure> failures(StoredRun run) {
    Map<String, String> models = new LinkedHashMap<>();
    run.trials().forEach(t -> models.put(t.trialId(), t.model().name()));
    List<Failure> failures = new ArrayList<>();
    for (TaskRow t : run.tasks()) {
      if (t.state().equals("FAILED")) {
        failures.add(new Failure(t.taskId(), t.trialId(), models.get(t.trialId()), t.tier(), t.repetition(),
            t.attempts(), t.reason()));
      }
    }
    return failures;
  }
}
