package dev.tierbench.coordinator.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tierbench.coordinator.analysis.Direction;
import dev.tierbench.coordinator.analysis.Metric;
import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.VariantSampler;
import dev.tierbench.coordinator.analysis.Variants;
import dev.tierbench.coordinator.pareto.Frontier;
import dev.tierbench.coordinator.pareto.FrontierPoint;
import dev.tierbench.coordinator.pareto.ParetoRanks;
import dev.tierbench.coordinator.roofline.AgentRoofline;
import dev.tierbench.coordinator.roofline.Roofline;
import dev.tierbench.coordinator.roofline.RooflinePoint;
import dev.tierbench.coordinator.roofline.Rooflines;
import dev.tierbench.coordinator.scaling.LatencyFit;
import dev.tierbench.coordinator.scaling.ScalingCurve;

/** Which charts a report shows, with their data: decided here so that the page only draws. */
public final class Plots {

  private Plots() {}

  public static List<Plot> of(List<Variant> variants, List<Frontier> frontiers, List<Metric> available, List<LatencyFit> fits,
      List<ScalingCurve> curves, Rooflines rooflines) {
    List<Plot> plots = new ArrayList<>();
    Map<String, Double> probability = new LinkedHashMap<>();
    Frontier widest = frontiers.get(frontiers.size() - 1);
    widest.points().forEach(p -> probability.put(p.variantId(), p.probabilityOptimal()));
    for (Frontier frontier : frontiers) {
      plots.add(frontier("frontier-" + plots.size(), variants, frontier));
    }
    if (available.contains(metric("accuracy"))) {
      List<Variant> all = variantsOf(variants, widest);
      for (String x : List.of("p50_ms", "flops")) {
        if (available.contains(metric(x))) {
          plots.add(scatter("accuracy-" + x, widest.scope(), metric(x), metric("accuracy"), all, probability,
              "shading as in the frontier over " + String.join(", ", widest.objectives())));
        }
      }
    }
    for (String tier : fits.stream().map(LatencyFit::tier).distinct().toList()) {
      plots.add(fitPlot(tier, fits.stream().filter(f -> f.tier().equals(tier)).toList()));
    }
    for (String axis : curves.stream().map(ScalingCurve::axis).distinct().toList()) {
      List<ScalingCurve> along = curves.stream().filter(c -> c.axis().equals(axis)).toList();
      List<String> values = along.stream().flatMap(c -> c.points().stream().map(ScalingCurve.Point::value)).distinct()
          .toList();
      boolean numeric = values.stream().allMatch(v -> v.matches("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?"));
      List<String> categories = numeric ? List.of() : values.stream().sorted().toList();
      List<Plot.Series> series = along.stream().map(c -> new Plot.Series(c.series(), "points", c.points().stream()
          .map(p -> new Plot.Point(c.series() + "@" + p.value(), c.series() + ", " + axis + " " + p.value(),
              numeric ? Double.parseDouble(p.value()) : categories.indexOf(p.value()), p.p50Ms(), Double.NaN))
          .toList())).toList();
      plots.add(new Plot("curve-" + axis, Plot.CURVE, "median latency by " + axis, axis, "p50 latency (ms)",
          numeric, false, categories, series, "each line: one model on one tier, the other axes"
              + " fixed"));
    }
    rooflines.agents().forEach(agent -> plots.add(roofline(agent)));
    return plots;
  }

  /** A frontier's variants on its first two objectives (y the first), shaded by probability of being optimal. */
  public static Plot frontier(String id, List<Variant> variants, Frontier frontier) {
    List<String> names = frontier.objectives().stream().map(o -> o.substring(0, o.indexOf(':'))).toList();
    return scatter(id, frontier.scope(), metric(names.get(1)), metric(names.get(0)), variantsOf(variants, frontier),
        probabilityOf(frontier), "shading: probability of being Pareto-optimal over "
            + String.join(", ", frontier.objectives()) + " (" + frontier.draws() + " bootstrap draws)");
  }

  private static Metric metric(String name) {
    return MetricCatalog.find(name).orElseThrow();
  }

  private static List<Variant> variantsOf(List<Variant> variants, Frontier frontier) {
    List<String> ids = frontier.points().stream().map(FrontierPoint::variantId).toList();
    return variants.stream().filter(v -> ids.contains(v.id())).toList();
  }

  private static Map<String, Double> probabilityOf(Frontier frontier) {
    Map<String, Double> probability = new LinkedHashMap<>();
    frontier.points().forEach(p -> probability.put(p.variantId(), p.probabilityOptimal()));
    return probability;
  }

  /** Variants by tier as points, and the frontier of these two metrics as a line. */
  private static Plot scatter(String id, String scope, Metric x, Metric y, List<Variant> variants,
      Map<String, Double> probability, String note) {
    List<String> labelAxes = Variants.varyingAxes(variants);
    Map<String, List<Plot.Point>> byTier = new LinkedHashMap<>();
    List<Plot.Point> all = new ArrayList<>();
    for (Variant v : variants) {
      VariantSampler sampler = new VariantSampler(v);
      double xv = x.of(sampler.asMeasured());
      double yv = y.of(sampler.asMeasured());
      if (Double.isNaN(xv) || Double.isNaN(yv)) {
        continue;
      }
      Plot.Point point = new Plot.Point(v.id(), v.label(labelAxes), xv, yv,
          probability.getOrDefault(v.id(), Double.NaN));
      byTier.computeIfAbsent(v.tier(), t -> new ArrayList<>()).add(point);
      all.add(point);
    }
    double[][] minimized = all.stream().map(p -> new double[] {x.direction().toMinimized(p.x()),
        y.direction().toMinimized(p.y())}).toArray(double[][]::new);
    int[] ranks = ParetoRanks.of(minimized);
    List<Plot.Point> front = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (ranks[i] == 1) {
        front.add(all.get(i));
      }
    }
    front.sort(Comparator.comparingDouble(Plot.Point::x));
    List<Plot.Series> series = new ArrayList<>();
    byTier.forEach((tier, points) -> series.add(new Plot.Series(tier, "points", points)));
    series.add(new Plot.Series("Pareto frontier of these two", "line", front));
    return new Plot(id, Plot.SCATTER, title(y) + " vs " + title(x) + " (" + scope + ")", axis(x), axis(y),
        x.name().equals("flops"), false, List.of(), series, note + "; line: frontier of " + y.name() + " (" + y.direction().word()
        + ") and " + x.name() + " (" + x.direction().word() + ")");
  }

  private static Plot fitPlot(String tier, List<LatencyFit> fits) {
    List<Plot.Series> series = new ArrayList<>();
    for (LatencyFit fit : fits) {
      String name = fit.family() + (fit.settings().isEmpty() ? "" : " (" + fit.settings() + ")");
      series.add(new Plot.Series(name, "points", fit.points().stream().map(p -> new Plot.Point(p.variantId(), p.label(),
          p.gflops(), p.latencyMs(), Double.NaN)).toList()));
      double low = fit.points().get(0).gflops();
      double high = fit.points().get(fit.points().size() - 1).gflops();
      series.add(new Plot.Series(name + String.format(java.util.Locale.ROOT, ": %.3g ms/GFLOP, R² %.3f",
          fit.linear().slope(), fit.linear().r2()), "line", List.of(new Plot.Point("", "", low, fit.linear().at(low),
              Double.NaN), new Plot.Point("", "", high, fit.linear().at(high), Double.NaN))));
    }
    return new Plot("fit-" + tier, Plot.FIT, "median latency vs GFLOPs per query on " + tier, "GFLOPs per query",
        "p50 latency (ms)", false, false, List.of(), series, "lines: least-squares fits per family and settings");
  }

  /**
   * An agent's roofline, log-log: its variants as points, the roof (dense peak and memory bandwidth) as a line, and
   * its one-thread dense and depthwise figures as levels.
   */
  static Plot roofline(AgentRoofline agent) {
    Roofline roofline = new Roofline(agent.matmulGflops(), agent.memoryGBps());
    // From well left to well right of every point and of the ridge, so that both roofs show.
    double low = agent.ridge();
    double high = agent.ridge();
    for (RooflinePoint p : agent.roofline()) {
      low = Math.min(low, p.intensity());
      high = Math.max(high, p.intensity());
    }
    low /= 4;
    high *= 4;
    List<Plot.Series> series = new ArrayList<>();
    series.add(new Plot.Series("variants on " + agent.agentId(), "points", agent.roofline().stream()
        .map(p -> new Plot.Point(p.variantId(), String.format(Locale.ROOT, "%s: %s-bound, %.0f %% of the roof",
            p.label(), p.bound(), 100 * p.fraction()), p.intensity(), p.achievedGflops(), Double.NaN)).toList()));
    series.add(line(String.format(Locale.ROOT, "roof: %.3g GFLOP/s, %.3g GB/s", agent.matmulGflops(),
        agent.memoryGBps()), List.of(low, agent.ridge(), high), roofline::roof));
    series.add(line(String.format(Locale.ROOT, "dense, one thread: %.3g GFLOP/s", agent.matmulGflopsOneThread()),
        List.of(low, high), x -> agent.matmulGflopsOneThread()));
    series.add(line(String.format(Locale.ROOT, "depthwise: %.3g GFLOP/s", agent.depthwiseGflops()),
        List.of(low, high), x -> agent.depthwiseGflops()));
    return new Plot("roofline-" + agent.tier() + "-" + agent.agentId(), Plot.ROOFLINE, "roofline of "
        + agent.agentId() + " (tier " + agent.tier() + ")", "arithmetic intensity (FLOPs per byte)",
        "achieved GFLOP/s", true, true, List.of(), series, Rooflines.CONVENTION);
  }

  private static Plot.Series line(String name, List<Double> xs, java.util.function.DoubleUnaryOperator y) {
    return new Plot.Series(name, "line", xs.stream().map(x -> new Plot.Point("", "", x, y.applyAsDouble(x),
        Double.NaN)).toList());
  }

  private static String title(Metric m) {
    return m.name().equals("flops") ? "FLOPs" : m.name();
  }

  private static String axis(Metric m) {
    return m.name() + " (" + m.unit() + (m.direction() == Direction.MAXIMIZE ? ", higher is better"
        : ", lower is better") + ")";
  }
}
