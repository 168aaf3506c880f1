package dev.tierbench.coordinator.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * A latency model for every group with enough measurements, and for a group without, a transfer from the
 * best-measured tier of the same engine and scenario: that tier's model times a slowdown, which is the geometric
 * mean of measured over predicted on the few variants the group has, else the ratio of the two tiers' calibrated
 * peaks (a tier twice as fast at matmul is taken to run every variant twice as fast).
 */
public final class TierModels {

  /**
   * How a group is predicted, as the report says it: from {@code source}'s model times a slowdown, either the one
   * fitted (peaks null) or the ratio of the two tiers' peaks at the variant's threads.
   */
  public record Basis(Group source, double slowdown, TierPeak sourcePeak, TierPeak peak, String how) {

    /** How much slower {@code group} runs {@code variant} than {@code source} does. */
    public double slowdown(LatencyCase variant) {
      return peak == null ? slowdown : sourcePeak.at(variant.threads()) / peak.at(variant.threads());
    }
  }

  private final Map<Group, LatencyModel> fitted;
  private final Map<Group, Basis> bases = new LinkedHashMap<>();

  private TierModels(Map<Group, LatencyModel> fitted) {
    this.fitted = fitted;
  }

  /**
   * Fits every group of {@code observations} that has enough, and works out how the others (and {@code wanted}
   * groups with no measurement at all) are predicted.
   */
  public static TierModels fit(Map<Group, List<Observation>> observations, List<Group> wanted,
      Map<String, TierPeak> peaks, long seed) {
    Map<Group, LatencyModel> fitted = new LinkedHashMap<>();
    observations.forEach((group, measured) -> {
      if (measured.size() >= LatencyModel.MIN_OBSERVATIONS) {
        fitted.put(group, LatencyModel.fit(measured, seed));
      }
    });
    TierModels models = new TierModels(fitted);
    List<Group> groups = new ArrayList<>(observations.keySet());
    wanted.stream().filter(g -> !groups.contains(g)).forEach(groups::add);
    for (Group group : groups) {
      List<Observation> measured = observations.getOrDefault(group, List.of());
      if (fitted.containsKey(group)) {
        models.bases.put(group, new Basis(group, 1, null, null, "fitted on " + measured.size()
            + " measured variants"));
      } else {
        models.transfer(group, measured, peaks).ifPresent(b -> models.bases.put(group, b));
      }
    }
    return models;
  }

  private Optional<Basis> transfer(Group group, List<Observation> measured, Map<String, TierPeak> peaks) {
    Optional<Group> source = fitted.keySet().stream()
        .filter(g -> g.engine().equals(group.engine()) && g.scenario().equals(group.scenario()))
        .max(Comparator.comparingInt(g -> fitted.get(g).observations()));
    if (source.isEmpty()) {
      return Optional.empty();
    }
    LatencyModel from = fitted.get(source.get());
    if (!measured.isEmpty()) {
      double logRatio = 0;
      for (Observation o : measured) {
        logRatio += Math.log(o.p50Ms() / from.predict(o.variant()).p50Ms()) / measured.size();
      }
      return Optional.of(new Basis(source.get(), Math.exp(logRatio), null, null, "from "
          + source.get().tier() + ", slowdown fitted on " + measured.size() + " measured variant(s)"));
    }
    TierPeak to = peaks.get(group.tier());
    TierPeak of = peaks.get(source.get().tier());
    if (to == null || of == null) {
      return Optional.empty();
    }
    return Optional.of(new Basis(source.get(), of.gflops() / to.gflops(), of, to, "from "
        + source.get().tier() + ", slowdown from the tiers' calibrated peaks"));
  }

  /** How {@code group} is predicted, or empty when it cannot be. */
  public Optional<Basis> basis(Group group) {
    return Optional.ofNullable(bases.get(group));
  }

  /** The prediction for {@code variant} in {@code group}, or empty when the group cannot be predicted. */
  public Optional<Prediction> predict(Group group, LatencyCase variant) {
    return basis(group).map(b -> {
      Prediction p = fitted.get(b.source()).predict(variant);
      double slowdown = b.slowdown(variant);
      return new Prediction(p.p50Ms() * slowdown, p.lowMs() * slowdown, p.highMs() * slowdown);
    });
  }

  /** {@code count} joint draws of the latencies of {@code variants}, all of {@code group} (as LatencyModel#draws). */
  public Optional<double[][]> draws(Group group, List<LatencyCase> variants, int count, UniformRandomProvider rng) {
    return basis(group).map(b -> {
      double[] slowdowns = variants.stream().mapToDouble(b::slowdown).toArray();
      double[][] draws = fitted.get(b.source()).draws(variants, count, rng);
      for (double[] draw : draws) {
        for (int i = 0; i < draw.length; i++) {
          draw[i] *= slowdowns[i];
        }
      }
      return draws;
    });
  }
}
