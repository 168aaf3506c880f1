package dev.tierbench.coordinator.scaling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.tierbench.coordinator.analysis.Metric;
import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.Variants;

/**
 * Scaling analyses over a run's variants (Trihinas et al.: how latency and accuracy follow size, per tier):
 * latency-vs-FLOPs fits, accuracy plateaus, cross-tier slowdowns and per-axis curves. Pure functions.
 */
public final class Scaling {

  private static final Metric P50 = MetricCatalog.find("p50_ms").orElseThrow();
  private static final Metric THROUGHPUT = MetricCatalog.find("throughput").orElseThrow();
  private static final Metric ACCURACY = MetricCatalog.find("accuracy").orElseThrow();
  /** The axes that are execution settings: a fit compares variants that share them. */
  private static final List<String> SETTINGS = List.of("batch", "engine", "threads", "xnnpack", "scenario", "rate",
      "cpus", "optimization", "provider");
  private static final int MIN_FIT_POINTS = 3;

  private Scaling() {}

  /**
   * @param offLineLimit the relative residual beyond which a point is reported as off the linear fit
   */
  public static List<LatencyFit> latencyFits(List<Variant> variants, double offLineLimit) {
    List<String> labelAxes = Variants.varyingAxes(variants);
    List<LatencyFit> fits = new ArrayList<>();
    for (Map.Entry<String, List<Variant>> group : fitGroups(variants).entrySet()) {
      String[] key = group.getKey().split("\u0000", -1);
      List<Variant> members = group.getValue();
      if (models(members) >= MIN_FIT_POINTS && members.stream().mapToDouble(Scaling::gflops).distinct().count()
          >= MIN_FIT_POINTS) {
        fits.add(fit(key[0], key[1], key[2], members, labelAxes, offLineLimit));
      }
    }
    return fits;
  }

  /**
   * Why {@link #latencyFits} has nothing for these variants, or null when it fits something: a line through latency
   * and FLOPs means something only across several models run alike.
   */
  public static String whyNoFit(List<Variant> variants) {
    if (!latencyFits(variants, Double.POSITIVE_INFINITY).isEmpty()) {
      return null;
    }
    int most = fitGroups(variants).values().stream().mapToInt(Scaling::models).max().orElse(0);
    return "no latency-vs-FLOPs fit: a fit needs " + MIN_FIT_POINTS + " models of different FLOPs measured alike"
        + " (same tier, batch, engine, quantization and settings); the most this run has is " + most;
  }

  /**
   * Variants whose latencies a line may join: one tier, batch, engine, quantization and execution settings; per family,
   * and across families where several share those (never across precisions, whose costs per FLOP differ).
   */
  private static Map<String, List<Variant>> fitGroups(List<Variant> variants) {
    Map<String, List<Variant>> groups = new LinkedHashMap<>();
    for (Variant v : variants) {
      if (v.flops() <= 0) {
        continue;
      }
      groups.computeIfAbsent(key(v.tier(), v.family(), settings(v)), k -> new ArrayList<>()).add(v);
      groups.computeIfAbsent(key(v.tier(), LatencyFit.ALL_FAMILIES, settings(v)), k -> new ArrayList<>()).add(v);
    }
    // An all-families group of one family is that family's own group again.
    groups.entrySet().removeIf(g -> g.getKey().split("\u0000", -1)[1].equals(LatencyFit.ALL_FAMILIES)
        && g.getValue().stream().map(Variant::family).distinct().count() == 1);
    return groups;
  }

  private static int models(List<Variant> members) {
    return (int) members.stream().map(Variant::model).distinct().count();
  }

  private static LatencyFit fit(String tier, String family, String settings, List<Variant> members,
      List<String> labelAxes, double offLineLimit) {
    List<Variant> sorted = members.stream().sorted(Comparator.comparingDouble(Scaling::gflops)).toList();
    double[] x = sorted.stream().mapToDouble(Scaling::gflops).toArray();
    double[] y = sorted.stream().mapToDouble(P50::value).toArray();
    Line linear = Line.fit(x, y);
    Line logLog = Line.fit(java.util.Arrays.stream(x).map(Math::log).toArray(),
        java.util.Arrays.stream(y).map(Math::log).toArray());
    Line robust = Line.robust(x, y);
    List<LatencyFit.Point> points = new ArrayList<>();
    List<String> offLine = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      double fitted = robust.at(x[i]);
      double residual = (y[i] - fitted) / fitted;
      Variant v = sorted.get(i);
      points.add(new LatencyFit.Point(v.id(), v.label(labelAxes), x[i], y[i], fitted, residual));
      if (Math.abs(residual) > offLineLimit) {
        offLine.add(String.format(java.util.Locale.ROOT, "%s: %.3g ms measured, %.3g ms on the line (%+.0f %%)",
            v.label(labelAxes), y[i], fitted, 100 * residual));
      }
    }
    return new LatencyFit(tier, family, settings, points, linear, logLog, robust, offLine);
  }

  /** GFLOPs one query costs: the batch's samples each cost the model's FLOPs. */
  static double gflops(Variant v) {
    return v.flops() * (double) v.batch() / 1e9;
  }

  private static String settings(Variant v) {
    List<String> settings = new ArrayList<>();
    if (!v.quantization().isEmpty()) {
      settings.add(v.quantization());
    }
    SETTINGS.stream().filter(a -> !v.axes().getOrDefault(a, "").isEmpty()
        && !v.axes().get(a).equals(dev.tierbench.coordinator.store.StoredTrial.NOT_APPLICABLE)
        && !(a.equals("rate") && v.axes().get(a).equals("0")))
        .forEach(a -> settings.add(a + " " + v.axes().get(a)));
    return String.join(", ", settings);
  }

  private static String key(String... parts) {
    return String.join("\u0000", parts);
  }

  /**
   * Per family with at least three sizes: where accuracy stops paying for FLOPs.
   *
   * @param threshold the accuracy gain per doubling of FLOPs (0.01: one percentage point) below which a step
   *     counts as flat
   */
  public static List<Plateau> plateaus(List<Variant> variants, double threshold) {
    return plateaus(variants, threshold, v -> "");
  }

  /**
   * The same, with the variants of a family kept apart by {@code setting} (quantization, training): a size
   * step compares like with like.
   */
  public static List<Plateau> plateaus(List<Variant> variants, double threshold,
      java.util.function.Function<Variant, String> setting) {
    Map<String, Map<String, Variant>> byFamily = new LinkedHashMap<>();
    for (Variant v : variants) {
      if (v.accuracy() != null && v.flops() > 0) {
        // Accuracy belongs to the model, not the tier or the settings: one point per model.
        String group = setting.apply(v).isEmpty() ? v.family() : v.family() + " (" + setting.apply(v) + ")";
        byFamily.computeIfAbsent(group, f -> new LinkedHashMap<>()).putIfAbsent(v.model(), v);
      }
    }
    List<Plateau> plateaus = new ArrayList<>();
    for (Map.Entry<String, Map<String, Variant>> family : byFamily.entrySet()) {
      List<Variant> models = family.getValue().values().stream().sorted(Comparator.comparingLong(Variant::flops))
          .toList();
      if (models.size() < MIN_FIT_POINTS) {
        continue;
      }
      List<Plateau.Step> steps = new ArrayList<>();
      List<String> declines = new ArrayList<>();
      for (int i = 0; i + 1 < models.size(); i++) {
        Variant a = models.get(i);
        Variant b = models.get(i + 1);
        if (a.flops() == b.flops()) {
          continue;
        }
        double fromAccuracy = ACCURACY.value(a);
        double toAccuracy = ACCURACY.value(b);
        double gain = (toAccuracy - fromAccuracy) / (Math.log((double) b.flops() / a.flops()) / Math.log(2));
        steps.add(new Plateau.Step(a.model(), b.model(), a.flops(), b.flops(), fromAccuracy, toAccuracy, gain));
        double noise = 2 * Math.sqrt(variance(a) + variance(b));
        if (toAccuracy < fromAccuracy - noise) {
          declines.add(String.format(java.util.Locale.ROOT, "%s -> %s: accuracy %.4f -> %.4f (beyond 2 standard errors,"
              + " %.4f)", a.model(), b.model(), fromAccuracy, toAccuracy, noise));
        }
      }
      String plateauAfter = null;
      for (int i = steps.size() - 1; i >= 0 && steps.get(i).gainPerDoubling() < threshold; i--) {
        plateauAfter = steps.get(i).from();
      }
      plateaus.add(new Plateau(family.getKey(), threshold, steps, plateauAfter, declines));
    }
    return plateaus;
  }

  private static double variance(Variant v) {
    double p = v.accuracy().ratio();
    return p * (1 - p) / v.accuracy().total();
  }

  /** For every pair of tiers (in the order given), the slowdown of the later over the earlier. */
  public static List<Slowdown> slowdowns(List<Variant> variants, List<String> tiers) {
    List<String> labelAxes = Variants.varyingAxes(variants);
    Map<String, Map<String, Variant>> byTier = new LinkedHashMap<>();
    variants.forEach(v -> byTier.computeIfAbsent(v.tier(), t -> new LinkedHashMap<>()).put(v.trialId(), v));
    List<Slowdown> slowdowns = new ArrayList<>();
    for (int a = 0; a < tiers.size(); a++) {
      for (int b = a + 1; b < tiers.size(); b++) {
        Map<String, Variant> from = byTier.getOrDefault(tiers.get(a), Map.of());
        Map<String, Variant> to = byTier.getOrDefault(tiers.get(b), Map.of());
        List<Slowdown.Ratio> ratios = new ArrayList<>();
        for (Map.Entry<String, Variant> trial : from.entrySet()) {
          Variant other = to.get(trial.getKey());
          if (other != null) {
            double fromMs = P50.value(trial.getValue());
            double toMs = P50.value(other);
            ratios.add(new Slowdown.Ratio(trial.getKey(), trial.getValue().describe(labelAxes), fromMs, toMs,
                toMs / fromMs));
          }
        }
        if (!ratios.isEmpty()) {
          double logMean = ratios.stream().mapToDouble(r -> Math.log(r.ratio())).average().orElseThrow();
          slowdowns.add(new Slowdown(tiers.get(a), tiers.get(b), ratios, Math.exp(logMean),
              ratios.stream().mapToDouble(Slowdown.Ratio::ratio).min().orElseThrow(),
              ratios.stream().mapToDouble(Slowdown.Ratio::ratio).max().orElseThrow()));
        }
      }
    }
    return slowdowns;
  }

  /** For every axis the sweep varies: each model on each tier across that axis, the other axes fixed. */
  public static List<ScalingCurve> curves(List<Variant> variants) {
    List<ScalingCurve> curves = new ArrayList<>();
    List<String> varying = Variants.varyingAxes(variants);
    for (String axis : varying) {
      Map<String, List<Variant>> series = new LinkedHashMap<>();
      for (Variant v : variants) {
        String others = v.axes().entrySet().stream()
            .filter(e -> !e.getKey().equals(axis) && varying.contains(e.getKey()))
            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        series.computeIfAbsent(v.model() + " on " + v.tier() + (others.isEmpty() ? "" : " (" + others + ")"),
            k -> new ArrayList<>()).add(v);
      }
      for (Map.Entry<String, List<Variant>> s : series.entrySet()) {
        if (s.getValue().size() < 2) {
          continue;
        }
        TreeMap<String, Variant> ordered = new TreeMap<>(Scaling::compareAxisValues);
        s.getValue().forEach(v -> ordered.put(v.axes().get(axis), v));
        List<ScalingCurve.Point> points = ordered.entrySet().stream().map(e -> new ScalingCurve.Point(e.getKey(),
            P50.value(e.getValue()), THROUGHPUT.value(e.getValue()))).toList();
        Variant first = s.getValue().get(0);
        curves.add(new ScalingCurve(axis, s.getKey(), first.model(), first.tier(), points));
      }
    }
    return curves;
  }

  /** Numbers in numeric order, anything else alphabetically. */
  private static int compareAxisValues(String a, String b) {
    try {
      return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }
}
