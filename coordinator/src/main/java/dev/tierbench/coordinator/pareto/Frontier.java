package dev.tierbench.coordinator.pareto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tierbench.coordinator.analysis.Objective;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.VariantSampler;

/**
 * The Pareto frontier of a set of variants (one tier's, or every tier's) over some objectives, with its
 * stochastic counterpart. Variants without a figure for an objective cannot be placed and are listed apart.
 *
 * @param scope a tier, or {@link #ALL_TIERS}
 */
public record Frontier(String scope, List<String> objectives, int draws, long seed, List<FrontierPoint> points,
    List<Unranked> unranked) {

  public static final String ALL_TIERS = "all tiers";

  /** A variant left out, with the objectives it has no figure for. */
  public record Unranked(String variantId, String label, List<String> missing) {}

  public Frontier {
    objectives = List.copyOf(objectives);
    points = List.copyOf(points);
    unranked = List.copyOf(unranked);
  }

  public static Frontier of(String scope, List<Variant> variants, List<Objective> objectives, List<String> labelAxes,
      int draws, long seed) {
    List<VariantSampler> samplers = new ArrayList<>();
    List<double[]> estimates = new ArrayList<>();
    List<Unranked> unranked = new ArrayList<>();
    for (Variant variant : variants) {
      VariantSampler sampler = new VariantSampler(variant);
      double[] values = new double[objectives.size()];
      List<String> missing = new ArrayList<>();
      for (int j = 0; j < objectives.size(); j++) {
        values[j] = objectives.get(j).metric().of(sampler.asMeasured());
        if (Double.isNaN(values[j])) {
          missing.add(objectives.get(j).name());
        }
      }
      if (missing.isEmpty()) {
        samplers.add(sampler);
        estimates.add(values);
      } else {
        unranked.add(new Unranked(variant.id(), variant.label(labelAxes), missing));
      }
    }
    double[][] minimized = new double[estimates.size()][];
    for (int i = 0; i < minimized.length; i++) {
      minimized[i] = new double[objectives.size()];
      for (int j = 0; j < objectives.size(); j++) {
        minimized[i][j] = objectives.get(j).direction().toMinimized(estimates.get(i)[j]);
      }
    }
    int[] ranks = ParetoRanks.of(minimized);
    StochasticFrontier.Odds odds = samplers.isEmpty() ? new StochasticFrontier.Odds(new double[0], new double[0])
        : StochasticFrontier.of(samplers, objectives, draws, seed);
    List<FrontierPoint> points = new ArrayList<>();
    for (int i = 0; i < samplers.size(); i++) {
      Variant v = samplers.get(i).variant();
      Map<String, Double> values = new LinkedHashMap<>();
      for (int j = 0; j < objectives.size(); j++) {
        values.put(objectives.get(j).name(), estimates.get(i)[j]);
      }
      points.add(new FrontierPoint(v.id(), v.tier(), v.model(), v.family(), v.label(labelAxes), values, ranks[i],
          odds.optimal()[i], odds.expectedRank()[i]));
    }
    return new Frontier(scope, objectives.stream().map(Objective::toString).toList(), draws, seed, points, unranked);
  }
}
