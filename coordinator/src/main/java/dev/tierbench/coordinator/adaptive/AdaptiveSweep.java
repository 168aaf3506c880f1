package dev.tierbench.coordinator.adaptive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.rng.UniformRandomProvider;

import dev.tierbench.common.sweep.AdaptiveSpec;
import dev.tierbench.coordinator.analysis.Generators;
import dev.tierbench.coordinator.plan.PlannedTask;
import dev.tierbench.coordinator.predict.Group;
import dev.tierbench.coordinator.predict.LatencyCase;
import dev.tierbench.coordinator.predict.Observation;
import dev.tierbench.coordinator.predict.TierModels;
import dev.tierbench.coordinator.predict.TierPeak;

/**
 * Which variants of a sweep to measure, one decision at a time: first an {@linkplain InitialSet initial set} spread
 * over each tier's grid, then, each time a tier needs work, the unmeasured variant most likely to be on that tier's
 * frontier (latency from the {@linkplain TierModels latency models} refitted on everything measured so far), until no
 * unmeasured variant is optimal with probability {@code stop-below} or more (measuring any could hardly change the
 * frontier) or the budget of tasks is spent. A variant is measured once when chosen; before a tier stops, the measured
 * variants that may be on its frontier get their other repetitions, one round per decision, so that the frontier
 * rests on medians measured at different times, not on one measurement a slow moment of the machine may have moved.
 * Pure logic over what it is told; one instance per run.
 */
public final class AdaptiveSweep {

  /** Draws of the tier's latencies per decision: enough to tell P(optimal) 0.05 from 0 (60 of them hit in 1200). */
  static final int DRAWS = 1200;

  private final AdaptiveSpec spec;
  private final java.util.function.Supplier<Map<String, TierPeak>> peaks;
  private final Map<String, Candidate> candidates = new LinkedHashMap<>();
  private final Map<String, String> variantOfTask = new HashMap<>();
  private final Map<String, List<Double>> medians = new HashMap<>();
  private final Map<String, Double> qualities = new HashMap<>();
  private final Set<String> released = new HashSet<>();
  private final Set<String> releasedTasks = new HashSet<>();
  private final Set<String> failed = new HashSet<>();
  private final Map<String, String> stopped = new LinkedHashMap<>();
  private final int budget;
  private int decisions;

  /** @param peaks each tier's calibrated peaks, as far as its agents have told them by the time of a decision */
  public AdaptiveSweep(AdaptiveSpec spec, List<Candidate> candidates,
      java.util.function.Supplier<Map<String, TierPeak>> peaks) {
    this.spec = spec;
    this.peaks = peaks;
    int tasks = 0;
    for (Candidate c : candidates) {
      this.candidates.put(c.variantId(), c);
      c.tasks().forEach(t -> variantOfTask.put(t.taskId(), c.variantId()));
      tasks += c.tasks().size();
      if (!Double.isNaN(c.quality())) {
        qualities.put(c.model(), c.quality());
      }
    }
    this.budget = spec.budget().of(tasks);
  }

  /** Tasks released so far (the initial set's included). */
  public int releasedTasks() {
    return releasedTasks.size();
  }

  /**
   * The initial set's tasks: its share of the grid, split over the tiers by their number of variants, each tier's
   * spread over its grid. Variants an earlier coordinator chose ({@code done}: task ids measured or being measured)
   * count as chosen, and those tasks are returned too, with the first repetition of each.
   */
  public List<PlannedTask> start(Set<String> done) {
    List<PlannedTask> tasks = new ArrayList<>();
    done.forEach(t -> Optional.ofNullable(variantOfTask.get(t)).ifPresent(v -> {
      Candidate c = candidates.get(v);
      if (!released.contains(v)) {
        tasks.addAll(release(c));
      }
      if (releasedTasks.add(t)) {
        c.tasks().stream().filter(task -> task.taskId().equals(t)).forEach(tasks::add);
      }
    }));
    // A share of the variants, each measured once.
    int wanted = Math.min(budget, spec.initial().of(candidates.size())) - released.size();
    Map<String, List<Candidate>> byTier = new LinkedHashMap<>();
    candidates.values().stream().filter(c -> !released.contains(c.variantId()))
        .forEach(c -> byTier.computeIfAbsent(c.tier(), t -> new ArrayList<>()).add(c));
    int open = byTier.values().stream().mapToInt(List::size).sum();
    for (List<Candidate> tier : byTier.values()) {
      int share = (int) Math.ceil(Math.max(0, wanted) * (double) tier.size() / open);
      for (Candidate c : InitialSet.choose(tier, share, spec.seed())) {
        if (releasedTasks.size() < budget) {
          tasks.addAll(release(c));
        }
      }
    }
    return tasks;
  }

  /** A task's median latency, and its model's quality (NaN when it has none or it is known already). */
  public void measured(String taskId, double p50Ms, double quality) {
    String variant = variantOfTask.get(taskId);
    if (variant == null || !(p50Ms > 0)) {
      return;
    }
    medians.computeIfAbsent(variant, v -> new ArrayList<>()).add(p50Ms);
    if (!Double.isNaN(quality)) {
      qualities.putIfAbsent(candidates.get(variant).model(), quality);
    }
  }

  /** A task could not be measured: its variant is out of the frontier's reckoning. */
  public void failed(String taskId) {
    Optional.ofNullable(variantOfTask.get(taskId)).ifPresent(failed::add);
  }

  /** Tiers for which the last decision chose nothing, with the reason. */
  public Map<String, String> stopped() {
    return Map.copyOf(stopped);
  }

  /** The variants measured so far, by group: what the latency models are fitted on. */
  public Map<Group, List<Observation>> observations() {
    Map<Group, List<Observation>> byGroup = new LinkedHashMap<>();
    medians.forEach((variant, values) -> {
      Candidate c = candidates.get(variant);
      if (c.variant() != null) {
        byGroup.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(new Observation(variant, c.variant(),
            Observation.median(values)));
      }
    });
    return byGroup;
  }

  /**
   * The tasks {@code tier} should measure next: of up to {@code variants} variants, or none when the tier is done
   * (see {@link #stopped()} for why).
   */
  public List<PlannedTask> next(String tier, int variants) {
    stopped.remove(tier);
    if (budgetSpent(tier)) {
      return List.of();
    }
    TierModels models = TierModels.fit(observations(), candidates.values().stream().map(Candidate::group).distinct()
        .toList(), peaks.get(), spec.seed());
    List<PlannedTask> tasks = new ArrayList<>();
    for (int i = 0; i < variants; i++) {
      Optional<Candidate> choice = choose(tier, models);
      if (choice.isEmpty()) {
        break;
      }
      tasks.addAll(release(choice.get()));
    }
    if (tasks.isEmpty() && stopped.containsKey(tier)) {
      tasks.addAll(confirm(tier));
      if (!tasks.isEmpty()) {
        stopped.remove(tier);
      }
    }
    return tasks;
  }

  /**
   * The next repetition of each measured variant that may be on the tier's frontier: at the fastest it was measured
   * (a slow moment only ever slows) no other measured variant, at its median, is at least as good on both quality and
   * latency. As far as the budget goes; none once every such variant has all its repetitions.
   */
  private List<PlannedTask> confirm(String tier) {
    Map<Candidate, Double> median = new LinkedHashMap<>();
    candidates.values().stream().filter(c -> c.tier().equals(tier) && medians.containsKey(c.variantId())
        && qualities.containsKey(c.model()) && !failed.contains(c.variantId()))
        .forEach(c -> median.put(c, Observation.median(medians.get(c.variantId()))));
    List<PlannedTask> tasks = new ArrayList<>();
    for (Candidate c : median.keySet()) {
      double fastest = java.util.Collections.min(medians.get(c.variantId()));
      double quality = qualities.get(c.model());
      boolean dominated = median.entrySet().stream().anyMatch(o -> o.getKey() != c
          && qualities.get(o.getKey().model()) >= quality && o.getValue() <= fastest
          && (qualities.get(o.getKey().model()) > quality || o.getValue() < fastest));
      Optional<PlannedTask> again = c.tasks().stream().filter(t -> !releasedTasks.contains(t.taskId())).findFirst();
      if (!dominated && again.isPresent() && releasedTasks.size() < budget) {
        releasedTasks.add(again.get().taskId());
        tasks.add(again.get());
      }
    }
    return tasks;
  }

  /** Whether no task may be released any more; if so, {@code tier} stops, saying so. */
  private boolean budgetSpent(String tier) {
    if (releasedTasks.size() < budget) {
      return false;
    }
    stopped.put(tier, "budget spent: " + releasedTasks.size() + " of " + budget + " tasks");
    return true;
  }

  private Optional<Candidate> choose(String tier, TierModels models) {
    List<Candidate> open = candidates.values().stream()
        .filter(c -> c.tier().equals(tier) && !released.contains(c.variantId())).toList();
    if (open.isEmpty()) {
      stopped.put(tier, "every variant measured");
      return Optional.empty();
    }
    if (budgetSpent(tier)) {
      return Optional.empty();
    }
    // A model whose quality nobody has measured yet: one of its variants must be, or its place is unknown; its
    // fastest, which is the likeliest to be on the frontier.
    Optional<Candidate> unscored = open.stream().filter(c -> !qualities.containsKey(c.model())
        && candidates.values().stream().noneMatch(o -> o.model().equals(c.model()) && released.contains(
            o.variantId()) && !failed.contains(o.variantId())))
        .min(java.util.Comparator.comparingDouble(c -> predictedMs(models, c)));
    if (unscored.isPresent()) {
      return unscored;
    }
    Odds odds = odds(tier, models);
    Candidate best = null;
    double bestOdds = -1;
    for (int i = 0; i < odds.variants.size(); i++) {
      Candidate c = odds.variants.get(i);
      if (!released.contains(c.variantId()) && odds.optimal[i] > bestOdds) {
        best = c;
        bestOdds = odds.optimal[i];
      }
    }
    if (best == null || bestOdds < spec.stopBelow()) {
      stopped.put(tier, "frontier stable: no unmeasured variant is optimal with probability " + spec.stopBelow()
          + " or more" + (best == null ? "" : " (the likeliest, " + best.variantId() + ", " + round(bestOdds) + ")"));
      return Optional.empty();
    }
    return Optional.of(best);
  }

  /** The tier's variants that have a quality, with their odds of being optimal. */
  private record Odds(List<Candidate> variants, double[] optimal) {}

  /** Its predicted median latency, or 0 when nothing predicts it (then it is as likely as any to be fastest). */
  private static double predictedMs(TierModels models, Candidate c) {
    return c.variant() == null ? 0 : models.predict(c.group(), c.variant()).map(p -> p.p50Ms()).orElse(0.0);
  }

  private Odds odds(String tier, TierModels models) {
    List<Candidate> ranked = candidates.values().stream().filter(c -> c.tier().equals(tier)
        && qualities.containsKey(c.model()) && !failed.contains(c.variantId())).toList();
    int n = ranked.size();
    double[] quality = new double[n];
    double[][] draws = new double[DRAWS][n];
    Map<Group, List<Integer>> predicted = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Candidate c = ranked.get(i);
      quality[i] = qualities.get(c.model());
      List<Double> measured = medians.get(c.variantId());
      if (measured != null) {
        double median = Observation.median(measured);
        for (double[] draw : draws) {
          draw[i] = median;
        }
      } else if (c.variant() == null || models.basis(c.group()).isEmpty()) {
        // Nothing predicts it: it may be anywhere, from faster than all to slower than all.
        for (int d = 0; d < DRAWS; d++) {
          draws[d][i] = d % 2 == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
      } else {
        predicted.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(i);
      }
    }
    UniformRandomProvider rng = Generators.of(spec.seed(), ++decisions);
    predicted.forEach((group, members) -> {
      List<LatencyCase> cases = members.stream().map(i -> ranked.get(i).variant()).toList();
      double[][] latencies = models.draws(group, cases, DRAWS, rng).orElseThrow();
      for (int d = 0; d < DRAWS; d++) {
        for (int k = 0; k < members.size(); k++) {
          draws[d][members.get(k)] = latencies[d][k];
        }
      }
    });
    return new Odds(ranked, FrontierOdds.of(quality, draws));
  }

  /** A chosen variant's first repetition: its others wait until it proves to matter (see {@link #confirm}). */
  private List<PlannedTask> release(Candidate c) {
    released.add(c.variantId());
    PlannedTask first = c.tasks().get(0);
    return releasedTasks.add(first.taskId()) ? List.of(first) : List.of();
  }

  private static String round(double p) {
    return String.format(java.util.Locale.ROOT, "%.3f", p);
  }
}
