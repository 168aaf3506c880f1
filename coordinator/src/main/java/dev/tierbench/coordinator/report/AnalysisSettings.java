package dev.tierbench.coordinator.report;

import java.util.ArrayList;
import java.util.List;

import dev.tierbench.common.config.Defaults;
import dev.tierbench.common.sweep.AnalysisSpec;
import dev.tierbench.common.sweep.Written;
import dev.tierbench.common.yaml.Problems;
import dev.tierbench.coordinator.analysis.Limits;
import dev.tierbench.coordinator.analysis.Metric;
import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Objective;
import dev.tierbench.coordinator.recommend.Constraint;
import dev.tierbench.coordinator.recommend.Query;

/**
 * How a report analyses a run: its objectives and recommendations as written (by the sweep's {@code analysis:}
 * section or by flags; empty: the defaults), the bootstrap's draws and seed, and the accuracy gain per doubling
 * of FLOPs below which a family has plateaued.
 */
public record AnalysisSettings(List<String> objectives, List<AnalysisSpec.RecommendSpec> recommend, int draws,
    long seed, double plateauGain) {

  /** Points further than this (relative) from the robust latency-vs-FLOPs line are reported. */
  public static final double OFF_LINE_LIMIT = 0.25;

  public AnalysisSettings {
    objectives = List.copyOf(objectives);
    recommend = List.copyOf(recommend);
    Limits.DRAWS.check(draws);
  }

  public static AnalysisSettings of(AnalysisSpec spec, int draws, long seed, double plateauGain) {
    return new AnalysisSettings(spec.objectives().stream().map(Written::text).toList(), spec.recommend(), draws, seed,
        plateauGain);
  }

  /** The sweep's analysis with the configured defaults for draws, seed and plateau gain. */
  public static AnalysisSettings defaults(AnalysisSpec spec) {
    return of(spec, Integer.parseInt(Defaults.get("draws")), Long.parseLong(Defaults.get("draw-seed")),
        Double.parseDouble(Defaults.get("plateau-gain")));
  }

  /**
   * Checks a sweep's analysis section against every metric tierbench knows, so that a misspelt metric is an
   * error before anything is measured rather than a report that cannot be made after.
   *
   * @throws dev.tierbench.common.yaml.YamlException naming file, line and column of every problem
   */
  public static void check(AnalysisSpec spec) {
    Problems problems = new Problems();
    List<Metric> all = MetricCatalog.all();
    for (Written objective : spec.objectives()) {
      catching(problems, objective, () -> Objective.parse(objective.text(), all));
    }
    for (AnalysisSpec.RecommendSpec r : spec.recommend()) {
      catching(problems, r.metric(), () -> MetricCatalog.require(r.metric().text(), all));
      r.where().forEach(w -> catching(problems, w, () -> Constraint.parse(w.text(), all)));
    }
    problems.throwIfAny();
  }

  private static void catching(Problems problems, Written written, Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      problems.add(written.location(), e.getMessage());
    }
  }

  /** With objectives given on the command line, which replace the sweep's. */
  public AnalysisSettings withObjectives(List<String> replacement) {
    return replacement.isEmpty() ? this : new AnalysisSettings(replacement, recommend, draws, seed, plateauGain);
  }

  /**
   * The objectives for the metrics this run has: as written, else accuracy (or R² for regression) against
   * median latency when the run measured it, else tail latency against throughput.
   *
   * @throws dev.tierbench.coordinator.analysis.UnknownMetricException listing the run's metrics
   */
  public List<Objective> resolveObjectives(List<Metric> available) {
    if (!objectives.isEmpty()) {
      return Objective.parseAll(objectives, available);
    }
    String quality = quality(available);
    return Objective.parseAll(quality != null ? List.of(quality, "p50_ms") : List.of("p99_ms", "throughput"),
        available);
  }

  /**
   * The queries to answer: as written, else for every tier the best accuracy or R² (when measured), else
   * throughput.
   *
   * @throws IllegalArgumentException for an unknown metric, a constraint that does not parse or an unknown tier
   */
  public List<Query> resolveQueries(List<Metric> available, List<String> tiers) {
    List<Query> queries = new ArrayList<>();
    if (recommend.isEmpty()) {
      String goal = quality(available) != null ? quality(available) : "throughput";
      for (String tier : tiers) {
        queries.add(new Query(Objective.parse(goal, available), List.of(), tier));
      }
      return queries;
    }
    for (AnalysisSpec.RecommendSpec spec : recommend) {
      queries.add(query(spec.metric().text(), spec.maximize(), spec.where().stream().map(Written::text).toList(),
          spec.tier() == null ? null : spec.tier().text(), available, tiers));
    }
    return queries;
  }

  /** How good the models' answers are, when measured: accuracy (classification), else R² (regression). */
  private static String quality(List<Metric> available) {
    for (String name : List.of("accuracy", "r2")) {
      if (available.stream().anyMatch(m -> m.name().equals(name))) {
        return name;
      }
    }
    return null;
  }

  /** One query from its parts as a user writes them; {@code tier} null or "all" for every tier. */
  public static Query query(String metric, boolean maximize, List<String> where, String tier, List<Metric> available,
      List<String> tiers) {
    Metric goal = MetricCatalog.require(metric, available);
    String onTier = tier == null || tier.equals("all") ? null : tier;
    if (onTier != null && !tiers.contains(onTier)) {
      throw new IllegalArgumentException("tier '" + onTier + "' is not in this run; its tiers: "
          + String.join(", ", tiers) + " (or 'all')");
    }
    return new Query(new Objective(goal, maximize ? dev.tierbench.coordinator.analysis.Direction.MAXIMIZE
        : dev.tierbench.coordinator.analysis.Direction.MINIMIZE), Constraint.parseAll(where, available), onTier);
  }
}
