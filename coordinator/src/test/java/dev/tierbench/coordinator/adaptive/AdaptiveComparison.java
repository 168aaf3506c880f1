package dev.tierbench.coordinator.adaptive;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.predict.Group;
import dev.tierbench.coordinator.predict.LatencyModel;
import dev.tierbench.coordinator.predict.Observation;
import dev.tierbench.coordinator.predict.RunPredictions;
import dev.tierbench.coordinator.store.RunReader;
import dev.tierbench.coordinator.store.StoredResult;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.store.StoredTrial;

/**
 * bench/adaptive.sh's judge: an adaptive run of a sweep against the full grid of the same sweep, each from its
 * results.db. Prints {@code adaptive: measured M of N tasks (X %), same top-3 frontier: yes|no, held-out MAPE Y %}:
 * the top 3 are each tier's frontier variants (quality up, median latency down) of the highest quality, in the full
 * grid from what it measured, in the adaptive run from what it measured and predicted; the MAPE is the latency model's
 * on the variants it was not fitted on: fitted on the full grid's measurements of the variants the adaptive run chose,
 * tested on the full grid's others. The adaptive run's own predictions against the full grid's measurements are
 * printed too: their error adds the drift between two runs minutes apart.
 *
 * <p>The full grid may be measured more than once ({@code FULL_DB} a comma-separated list): its latency per variant is
 * then the median of the runs' medians, a reference steadier than any one run (on this shared machine one run
 * measured a grid's first variants 40 % slower than the next run did; three runs outvote such a one).
 *
 * <p>Usage: {@code AdaptiveComparison FULL_DB[,FULL_DB...] ADAPTIVE_DB SEED}
 */
public final class AdaptiveComparison {

  private AdaptiveComparison() {}

  public static void main(String[] args) {
    List<StoredRun> grids = java.util.Arrays.stream(args[0].split(",")).map(f -> RunReader.read(Path.of(f))).toList();
    StoredRun full = grids.get(0);
    StoredRun adaptive = RunReader.read(Path.of(args[1]));
    long seed = Long.parseLong(args[2]);
    Map<String, Double> fullLatency = pooled(grids);
    Map<String, Double> adaptiveLatency = latencies(adaptive);
    RunPredictions predictions = RunPredictions.of(adaptive, seed);
    Map<String, Double> answered = new LinkedHashMap<>(adaptiveLatency);
    double acrossRuns = 0;
    int compared = 0;
    for (RunPredictions.Predicted p : predictions.predicted()) {
      answered.put(p.variantId(), p.prediction().p50Ms());
      Double truth = fullLatency.get(p.variantId());
      if (truth != null) {
        acrossRuns += p.prediction().relativeError(truth);
        compared++;
      }
    }
    double heldOut = heldOut(full, fullLatency, adaptiveLatency.keySet(), seed);
    System.out.printf(Locale.ROOT, "the adaptive run's own predictions against the full grid's measurements: mean"
        + " relative error %.1f %% over %d variants (two runs' drift included)%n", 100 * acrossRuns / compared,
        compared);
    boolean same = true;
    for (String tier : full.tiers()) {
      List<String> truth = top3(full, fullLatency, tier);
      List<String> found = top3(adaptive, answered, tier);
      System.out.println("tier " + tier + ": full grid's top 3 " + truth + ", adaptive's " + found);
      same &= truth.equals(found);
    }
    long measured = adaptive.tasks().stream().filter(t -> t.state().equals("DONE")).count();
    int tasks = adaptive.tasks().size();
    System.out.printf(Locale.ROOT, "adaptive: measured %d of %d tasks (%.1f %%), same top-3 frontier: %s,"
        + " held-out MAPE %.1f %%%n", measured, tasks, 100.0 * measured / tasks, same ? "yes" : "no",
        100 * heldOut);
  }

  /**
   * The latency model fitted on the full grid's measurements of the variants the adaptive run chose, against the full
   * grid's measurements of all the others: its error on variants it was not fitted on, free of the drift between two
   * runs (NaN when the adaptive run chose every variant).
   */
  private static double heldOut(StoredRun full, Map<String, Double> latency, java.util.Set<String> chosen,
      long seed) {
    double error = 0;
    int compared = 0;
    for (Map.Entry<Group, List<Observation>> group : RunPredictions.observations(full).entrySet()) {
      List<Observation> measured = group.getValue().stream().map(o -> new Observation(o.variantId(), o.variant(),
          latency.get(o.variantId()))).toList();
      List<Observation> train = measured.stream().filter(o -> chosen.contains(o.variantId())).toList();
      List<Observation> test = measured.stream().filter(o -> !chosen.contains(o.variantId())).toList();
      if (train.size() < LatencyModel.MIN_OBSERVATIONS) {
        continue;
      }
      LatencyModel model = LatencyModel.fit(train, seed);
      for (Observation o : test) {
        error += model.predict(o.variant()).relativeError(o.p50Ms());
        compared++;
      }
    }
    return compared == 0 ? Double.NaN : error / compared;
  }

  /** Each variant's median latency over the runs: the median of each run's median. */
  private static Map<String, Double> pooled(List<StoredRun> runs) {
    Map<String, List<Double>> values = new LinkedHashMap<>();
    runs.forEach(run -> latencies(run).forEach((id, ms) -> values.computeIfAbsent(id, v -> new ArrayList<>()).add(ms)));
    Map<String, Double> pooled = new HashMap<>();
    values.forEach((id, ms) -> pooled.put(id, Observation.median(ms)));
    return pooled;
  }

  /** Each measured variant's median latency. */
  private static Map<String, Double> latencies(StoredRun run) {
    Map<String, Double> latencies = new HashMap<>();
    for (List<Observation> group : RunPredictions.observations(run).values()) {
      group.forEach(o -> latencies.put(o.variantId(), o.p50Ms()));
    }
    return latencies;
  }

  /** The tier's frontier variants of the highest quality, at most three, best first. */
  private static List<String> top3(StoredRun run, Map<String, Double> latency, String tier) {
    Map<String, Double> quality = qualities(run);
    List<String> ids = new ArrayList<>();
    List<Double> q = new ArrayList<>();
    List<Double> ms = new ArrayList<>();
    for (StoredTrial trial : run.trials()) {
      String id = Variant.id(trial.trialId(), tier);
      Double known = quality.get(trial.model().sha256());
      if (latency.containsKey(id) && known != null) {
        ids.add(id);
        q.add(known);
        ms.add(latency.get(id));
      }
    }
    boolean[] on = FrontierOdds.frontier(q.stream().mapToDouble(Double::doubleValue).toArray(),
        ms.stream().mapToDouble(Double::doubleValue).toArray());
    List<Integer> members = new ArrayList<>();
    for (int i = 0; i < on.length; i++) {
      if (on[i]) {
        members.add(i);
      }
    }
    members.sort(Comparator.comparingDouble(i -> -q.get(i)));
    return members.stream().limit(3).map(i -> ids.get(i) + " " + run.trial(ids.get(i).split("@")[0]).model().name()
        + " batch " + run.trial(ids.get(i).split("@")[0]).params().batch()).toList();
  }

  /** Each model's quality, from any of its variants' evaluations, else its MACs. */
  private static Map<String, Double> qualities(StoredRun run) {
    Map<String, Double> quality = new HashMap<>();
    for (StoredResult r : run.results()) {
      double q = Quality.of(r.evaluation());
      if (!Double.isNaN(q)) {
        quality.putIfAbsent(run.trial(r.trialId()).model().sha256(), q);
      }
    }
    for (StoredTrial trial : run.trials()) {
      if (trial.costs().inspected() && run.results().stream().allMatch(r -> r.evaluation() == null)) {
        quality.putIfAbsent(trial.model().sha256(), (double) trial.costs().macs());
      }
    }
    return quality;
  }
}
