package dev.tierbench.coordinator.report;

import java.util.List;

import dev.tierbench.coordinator.analysis.Metric;
import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.Variants;
import dev.tierbench.coordinator.pareto.Frontier;
import dev.tierbench.coordinator.store.StoredRun;

/** One frontier of a stored run with its chart: what the API's frontier call and the live page show. */
public record FrontierView(Frontier frontier, Plot plot) {

  /**
   * @param tier a tier of the run, or null or "all" for every tier together
   * @throws IllegalArgumentException for an unknown tier, or (as UnknownMetricException) an unknown objective
   */
  public static FrontierView of(StoredRun run, AnalysisSettings settings, String tier) {
    List<Variant> variants = Variants.of(run);
    List<Metric> available = MetricCatalog.available(variants);
    boolean all = tier == null || tier.isBlank() || tier.equals("all");
    if (!all && !run.tiers().contains(tier)) {
      throw new IllegalArgumentException("tier '" + tier + "' is not in this run; its tiers: "
          + String.join(", ", run.tiers()) + " (or 'all')");
    }
    List<Variant> scoped = all ? variants : variants.stream().filter(v -> v.tier().equals(tier)).toList();
    Frontier frontier = Frontier.of(all ? Frontier.ALL_TIERS : tier, scoped,
        variants.isEmpty() ? List.of() : settings.resolveObjectives(available), Variants.varyingAxes(variants),
        settings.draws(), settings.seed());
    return new FrontierView(frontier, scoped.isEmpty() ? null : Plots.frontier("frontier", variants, frontier));
  }
}
