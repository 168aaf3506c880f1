package dev.tierbench.coordinator.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tierbench.common.protocol.OperatorTime;
import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.store.StoredResult;
import dev.tierbench.coordinator.store.StoredRun;

/**
 * Where one variant's time goes on one tier, by kind of operator and what ran it (XNNPACK, TFLite's own kernels,
 * an ONNX Runtime provider), from the profiled runs of its repetitions. A profile costs time of its own (timing
 * every operator), so its total exceeds the measured median: the shares are what it tells, next to the p50.
 *
 * @param profiledMs the profile's time per query, all operators together
 * @param operators the kinds of operator with the most time, the rest summed as "other"
 */
public record OperatorProfile(String tier, String variant, String runtime, double p50Ms, double profiledMs,
    List<OperatorShare> operators) {

  /** The most kinds of operator a profile lists before summing the rest. */
  static final int SHOWN = 10;

  /** One kind of operator: how many ran per query, their time per query and share of the profile's. */
  public record OperatorShare(String operator, String executor, int count, double ms, double share) {}

  /** Every variant with a profile, in the run's order. */
  public static List<OperatorProfile> of(StoredRun run, List<Variant> variants, List<String> labelAxes) {
    List<OperatorProfile> profiles = new ArrayList<>();
    for (Variant v : variants) {
      List<StoredResult> results = run.results().stream().filter(r -> r.trialId().equals(v.trialId())
          && r.tier().equals(v.tier()) && !r.measurement().profile().isEmpty()).toList();
      if (!results.isEmpty()) {
        String runtimes = String.join(", ", results.stream().map(r -> r.measurement().runtime()).distinct().toList());
        profiles.add(of(v.tier(), v.label(labelAxes), runtimes, MetricCatalog.find("p50_ms").orElseThrow().value(v),
            results.stream().map(r -> r.measurement().profile()).toList()));
      }
    }
    return profiles;
  }

  /** One variant's profile from its repetitions' ({@code repetitions}: one profile each). */
  static OperatorProfile of(String tier, String variant, String runtime, double p50Ms,
      List<List<OperatorTime>> repetitions) {
    // Every repetition profiles the same number of queries: the mean of their per-query times is the overall one.
    Map<List<String>, double[]> sums = new LinkedHashMap<>();
    for (List<OperatorTime> profile : repetitions) {
      for (OperatorTime t : profile) {
        double[] sum = sums.computeIfAbsent(List.of(t.operator(), t.executor()), k -> new double[2]);
        sum[0] += t.count();
        sum[1] += t.nanosPerQuery() / 1e6;
      }
    }
    int n = repetitions.size();
    List<OperatorShare> all = new ArrayList<>();
    sums.forEach((key, sum) -> all.add(new OperatorShare(key.get(0), key.get(1), (int) Math.round(sum[0] / n),
        sum[1] / n, 0)));
    all.sort((a, b) -> Double.compare(b.ms(), a.ms()));
    double total = all.stream().mapToDouble(OperatorShare::ms).sum();
    List<OperatorShare> shown = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      OperatorShare s = all.get(i);
      if (i < SHOWN || all.size() == SHOWN + 1) {
        shown.add(new OperatorShare(s.operator(), s.executor(), s.count(), s.ms(), total == 0 ? 0 : s.ms() / total));
      }
    }
    if (all.size() > SHOWN + 1) {
      List<OperatorShare> rest = all.subList(SHOWN, all.size());
      double ms = rest.stream().mapToDouble(OperatorShare::ms).sum();
      shown.add(new OperatorShare("other (" + rest.size() + " kinds)", "", rest.stream().mapToInt(OperatorShare::count)
          .sum(), ms, total == 0 ? 0 : ms / total));
    }
    return new OperatorProfile(tier, variant, runtime, p50Ms, total, shown);
  }
}
