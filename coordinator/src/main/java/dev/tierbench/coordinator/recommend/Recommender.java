package dev.tierbench.coordinator.recommend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.tierbench.coordinator.analysis.Bootstrap;
import dev.tierbench.coordinator.analysis.Direction;
import dev.tierbench.coordinator.analysis.Generators;
import dev.tierbench.coordinator.analysis.Interval;
import dev.tierbench.coordinator.analysis.Limits;
import dev.tierbench.coordinator.analysis.Metric;
import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.VariantSampler;
import dev.tierbench.coordinator.analysis.Variants;

/**
 * Answers a {@link Query} over a run's variants from their point estimates, then says how sure that answer is
 * from bootstrap draws: intervals for every figure shown, how often the best meets the constraints, how often
 * it beats the runner-up.
 */
public final class Recommender {

  /** Figures every candidate shows besides the goal and the constrained metrics, when the run has them. */
  private static final List<String> SHOWN = List.of("p50_ms", "p99_ms", "throughput", "accuracy", "flops",
      "peak_rss_mb", "energy_per_inference_j");
  private static final int EXCLUDED_SHOWN = 3;

  private Recommender() {}

  /** @throws IllegalArgumentException for draws outside {@link Limits#DRAWS} */
  public static Recommendation recommend(List<Variant> all, Query query, int draws, long seed) {
    Limits.DRAWS.check(draws);
    List<String> labelAxes = Variants.varyingAxes(all);
    List<Variant> onTier = all.stream().filter(v -> query.tier() == null || v.tier().equals(query.tier())).toList();
    List<Metric> used = new ArrayList<>();
    used.add(query.goal().metric());
    query.where().forEach(c -> used.add(c.metric()));
    List<Scored> scored = new ArrayList<>();
    List<String> notConsidered = new ArrayList<>();
    for (Variant v : onTier) {
      VariantSampler sampler = new VariantSampler(v);
      double goal = query.goal().metric().of(sampler.asMeasured());
      List<String> missing = used.stream().filter(m -> Double.isNaN(m.of(sampler.asMeasured()))).map(Metric::name)
          .distinct().toList();
      if (!missing.isEmpty()) {
        notConsidered.add(v.label(labelAxes) + ": no " + String.join(", ", missing));
        continue;
      }
      List<String> misses = new ArrayList<>();
      double shortfall = 0;
      for (Constraint c : query.where()) {
        double value = c.metric().of(sampler.asMeasured());
        if (!c.holds(value)) {
          misses.add(miss(c, value));
          shortfall += c.shortfall(value);
        }
      }
      scored.add(new Scored(v, sampler, goal, misses, shortfall));
    }
    Direction direction = query.goal().direction();
    Comparator<Scored> byGoal = (a, b) -> direction == Direction.MAXIMIZE ? Double.compare(b.goal, a.goal)
        : Double.compare(a.goal, b.goal);
    List<Scored> feasible = scored.stream().filter(s -> s.misses.isEmpty()).sorted(byGoal).toList();
    List<Metric> shown = shown(query, all);
    if (feasible.isEmpty()) {
      Scored closest = scored.stream().min(Comparator.comparingDouble((Scored s) -> s.shortfall).thenComparing(byGoal))
          .orElse(null);
      Candidate c = closest == null ? null : candidate(closest, labelAxes, query, shown, draws, seed, 0).candidate;
      String answer = "no variant meets " + query + (closest == null ? " (no variant has the figures it needs)"
          : "; closest: " + c.label() + ", which misses " + String.join(" and ", c.misses()));
      return new Recommendation(query.toString(), answer, scored.size(), 0, null, null, null, Double.NaN, List.of(), c,
          notConsidered);
    }
    Drawn best = candidate(feasible.get(0), labelAxes, query, shown, draws, seed, 0);
    Drawn runnerUp = feasible.size() > 1 ? candidate(feasible.get(1), labelAxes, query, shown, draws, seed, 1) : null;
    double ahead = Double.NaN;
    String why = null;
    if (runnerUp != null) {
      ahead = aheadShare(best.goalDraws, runnerUp.goalDraws, direction);
      why = why(query, feasible.get(0).goal, feasible.get(1).goal, ahead);
    }
    List<Candidate> excluded = new ArrayList<>();
    scored.stream().filter(s -> !s.misses.isEmpty() && direction.better(s.goal, feasible.get(0).goal)).sorted(byGoal)
        .limit(EXCLUDED_SHOWN).forEach(s -> excluded.add(candidate(s, labelAxes, query, shown, 0, seed, 0).candidate));
    String answer = best.candidate.label() + ": " + query.goal().name() + " " + figure(best.candidate, query.goal()
        .name()) + (query.where().isEmpty() ? "" : ", meeting " + query.where().stream().map(Constraint::toString)
        .reduce((a, b) -> a + " and " + b).orElse("") + " in " + percent(best.candidate.constraintsMetShare())
        + " of bootstrap draws");
    return new Recommendation(query.toString(), answer, scored.size(), feasible.size(), best.candidate,
        runnerUp == null ? null : runnerUp.candidate, why, ahead, excluded, null, notConsidered);
  }

  private record Scored(Variant variant, VariantSampler sampler, double goal, List<String> misses, double shortfall) {}

  private record Drawn(Candidate candidate, double[] goalDraws) {}

  private static List<Metric> shown(Query query, List<Variant> variants) {
    Set<Metric> shown = new LinkedHashSet<>();
    shown.add(query.goal().metric());
    query.where().forEach(c -> shown.add(c.metric()));
    List<Metric> available = MetricCatalog.available(variants);
    SHOWN.forEach(name -> MetricCatalog.find(name).filter(available::contains).ifPresent(shown::add));
    return new ArrayList<>(shown);
  }

  private static Drawn candidate(Scored s, List<String> labelAxes, Query query, List<Metric> shown, int draws,
      long seed, int stream) {
    int n = Math.max(draws, 1);
    double[][] values = Bootstrap.draws(s.sampler, shown, n, Generators.of(seed, stream));
    Map<String, Interval> figures = Bootstrap.intervals(s.sampler, shown, values);
    int met = 0;
    for (int d = 0; d < n; d++) {
      boolean all = true;
      for (Constraint c : query.where()) {
        double value = values[shown.indexOf(c.metric())][d];
        all &= !Double.isNaN(value) && c.holds(value);
      }
      met += all ? 1 : 0;
    }
    Variant v = s.variant;
    Candidate candidate = new Candidate(v.id(), v.label(labelAxes), v.model(), v.tier(), v.axes(), figures,
        draws == 0 ? Double.NaN : met / (double) n, s.misses);
    return new Drawn(candidate, values[0]);
  }

  private static double aheadShare(double[] best, double[] other, Direction direction) {
    int ahead = 0;
    for (int d = 0; d < best.length; d++) {
      ahead += direction.better(best[d], other[d]) ? 1 : 0;
    }
    return ahead / (double) best.length;
  }

  private static String why(Query query, double best, double runnerUp, double ahead) {
    String metric = query.goal().name();
    double relative = (runnerUp - best) / Math.abs(best);
    String gap = String.format(Locale.ROOT, "its %s is %s against %s (%+.1f %%)", metric, Constraint.format(runnerUp),
        Constraint.format(best), 100 * relative);
    if (ahead < 0.95) {
      return gap + "; within measurement noise: the best is ahead in only " + percent(ahead) + " of bootstrap draws";
    }
    return gap + "; the best is ahead in " + percent(ahead) + " of bootstrap draws";
  }

  private static String miss(Constraint c, double value) {
    return String.format(Locale.ROOT, "%s %s (%+.0f %%)", c.metric().name(), Constraint.format(value) + " vs "
        + c.comparison().symbol() + " " + Constraint.format(c.bound()), 100 * (value - c.bound()) / Math.abs(c.bound()));
  }

  private static String figure(Candidate c, String metric) {
    Interval i = c.figures().get(metric);
    return Constraint.format(i.estimate()) + " [" + Constraint.format(i.low()) + ", " + Constraint.format(i.high())
        + "]";
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f %%", 100 * share);
  }
}
