package dev.tierbench.coordinator.report;

import java.util.ArrayList;
import java.util.List;

import dev.tierbench.coordinator.pareto.Frontier;
import dev.tierbench.coordinator.pareto.FrontierPoint;

/**
 * {@code frontier.csv}: a row per variant and frontier scope, with its objective values, Pareto rank,
 * probability of being Pareto-optimal and expected rank. Objectives differ between reports, so they are
 * columns named after the metric.
 */
final class FrontierCsv {

  private FrontierCsv() {}

  static String of(List<Frontier> frontiers) {
    List<String> metrics = frontiers.stream().flatMap(f -> f.objectives().stream())
        .map(o -> o.substring(0, o.indexOf(':'))).distinct().toList();
    List<String> header = new ArrayList<>(List.of("scope", "variant_id", "tier", "model", "family", "label"));
    header.addAll(metrics);
    header.addAll(List.of("rank", "probability_optimal", "expected_rank", "draws", "seed", "objectives"));
    StringBuilder csv = new StringBuilder(Csv.line(header));
    for (Frontier frontier : frontiers) {
      for (FrontierPoint p : frontier.points()) {
        List<Object> row = new ArrayList<>(List.of(frontier.scope(), p.variantId(), p.tier(), p.model(), p.family(),
            p.label()));
        for (String metric : metrics) {
          Double value = p.values().get(metric);
          row.add(value == null ? "" : Csv.number(value));
        }
        row.addAll(List.of(p.rank(), Csv.number(p.probabilityOptimal()), Csv.number(p.expectedRank()),
            frontier.draws(), frontier.seed(), String.join(" ", frontier.objectives())));
        csv.append(Csv.line(row));
      }
    }
    return csv.toString();
  }
}
