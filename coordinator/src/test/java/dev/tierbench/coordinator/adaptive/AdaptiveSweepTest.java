package dev.tierbench.coordinator.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.sweep.AdaptiveSpec;
import dev.tierbench.coordinator.plan.PlannedTask;
import dev.tierbench.coordinator.predict.Group;
import dev.tierbench.coordinator.predict.LatencyCase;
import dev.tierbench.coordinator.predict.SyntheticDevice;

/** Adaptive sweeps over a simulated device whose latency law is known, measured with 3 % noise. */
class AdaptiveSweepTest {

  private static final Group TIER = new Group("pi", "tflite", "single-stream");

  private static AdaptiveSpec spec(String budget, double stopBelow) {
    return new AdaptiveSpec(AdaptiveSpec.TaskShare.parse(budget), AdaptiveSpec.TaskShare.parse("10%"), stopBelow, 1);
  }

  /** Bigger models score higher, int8 a little lower than its float twin: the shape of real accuracy curves. */
  private static double quality(LatencyCase c) {
    return 1 - 1 / Math.log(c.parameters()) - (c.int8() ? 0.002 : 0);
  }

  private static String model(LatencyCase c) {
    return c.parameters() + (c.int8() ? "-int8" : "-float32");
  }

  private static List<Candidate> candidates(boolean qualityKnown) {
    return candidates(qualityKnown, 1);
  }

  private static List<Candidate> candidates(boolean qualityKnown, int repetitions) {
    List<Candidate> candidates = new ArrayList<>();
    for (LatencyCase c : SyntheticDevice.grid()) {
      String id = "v" + candidates.size();
      List<PlannedTask> tasks = new ArrayList<>();
      for (int r = 1; r <= repetitions; r++) {
        tasks.add(new PlannedTask(id + "-" + r, null, TIER.tier(), r));
      }
      candidates.add(new Candidate(id, TIER, model(c), c, qualityKnown ? quality(c) : Double.NaN, tasks));
    }
    return candidates;
  }

  /** What a simulated run measured, in the order it measured it. */
  private record Run(AdaptiveSweep sweep, List<Candidate> measured, int initial) {}

  /** Runs an adaptive sweep to its end: each released task is measured at once, then the tier asks for more. */
  private static Run simulate(List<Candidate> candidates, AdaptiveSpec spec) {
    return simulate(candidates, spec, 0.03, Set.of(), new ArrayList<>());
  }

  /**
   * The same, measured with {@code noise} (relative), the tasks in {@code slow} 40 % slower (the machine had a slow
   * moment), each task measured added to {@code tasks}.
   */
  private static Run simulate(List<Candidate> candidates, AdaptiveSpec spec, double noise, Set<String> slow,
      List<String> tasks) {
    Map<String, Candidate> byTask = new LinkedHashMap<>();
    candidates.forEach(c -> c.tasks().forEach(t -> byTask.put(t.taskId(), c)));
    AdaptiveSweep sweep = new AdaptiveSweep(spec, candidates, Map::of);
    Random random = new Random(11);
    List<Candidate> measured = new ArrayList<>();
    List<PlannedTask> batch = sweep.start(Set.of());
    int initial = batch.size();
    while (!batch.isEmpty()) {
      for (PlannedTask task : batch) {
        Candidate c = byTask.get(task.taskId());
        double slowdown = slow.contains(task.taskId()) ? 1.4 : 1;
        sweep.measured(task.taskId(), slowdown * SyntheticDevice.PC.latencyMs(c.variant(), noise, random),
            quality(c.variant()));
        if (!measured.contains(c)) {
          measured.add(c);
        }
        tasks.add(task.taskId());
      }
      batch = sweep.next(TIER.tier(), 1);
    }
    return new Run(sweep, measured, initial);
  }

  /** The true frontier's variants, best quality first. */
  private static List<String> frontier(List<Candidate> variants) {
    return frontier(variants, c -> SyntheticDevice.PC.latencyMs(c.variant()));
  }

  /** The frontier's variants at the given latencies, best quality first. */
  private static List<String> frontier(List<Candidate> variants, ToDoubleFunction<Candidate> latencyMs) {
    double[] quality = variants.stream().mapToDouble(c -> quality(c.variant())).toArray();
    double[] latency = variants.stream().mapToDouble(latencyMs).toArray();
    boolean[] on = FrontierOdds.frontier(quality, latency);
    List<Candidate> members = new ArrayList<>();
    for (int i = 0; i < on.length; i++) {
      if (on[i]) {
        members.add(variants.get(i));
      }
    }
    members.sort((a, b) -> Double.compare(quality(b.variant()), quality(a.variant())));
    return members.stream().map(Candidate::variantId).toList();
  }

  @Test
  void measuresFewerThanFortyPercentAndFindsTheWholeTrueFrontier() {
    List<Candidate> candidates = candidates(false);
    Run run = simulate(candidates, spec("40%", 0.05));
    Set<String> measured = new HashSet<>(run.measured().stream().map(Candidate::variantId).toList());
    List<String> truth = frontier(candidates);
    assertTrue(run.measured().size() <= 0.4 * candidates.size(), run.measured().size() + " of " + candidates.size());
    assertTrue(measured.containsAll(truth), "true frontier " + truth + ", measured " + measured);
    List<String> found = frontier(run.measured());
    assertEquals(truth.subList(0, 3), found.subList(0, 3));
    assertTrue(run.sweep().stopped().get("pi").startsWith("frontier stable"), run.sweep().stopped().toString());
  }

  /**
   * A variant is measured once when chosen; those that may be on the frontier get their other repetitions before the
   * tier stops, so one slow first measurement of a true frontier member does not cost it its place, while variants
   * that cannot be optimal are not measured again.
   */
  @Test
  void frontierMembersAreMeasuredAgainAndASlowMomentDoesNotMoveTheFrontier() {
    List<Candidate> candidates = candidates(true, 3);
    List<String> truth = frontier(candidates);
    // Every true frontier member's first measurement falls in a slow moment.
    Set<String> slow = new HashSet<>(truth.stream().map(v -> v + "-1").toList());
    List<String> tasks = new ArrayList<>();
    // Little noise besides: the third true member is ahead of the next by about 1 %.
    Run run = simulate(candidates, spec("40%", 0.05), 0.005, slow, tasks);

    assertEquals(tasks.size(), new HashSet<>(tasks).size(), "no task released twice: " + tasks);
    assertEquals(tasks.size(), run.sweep().releasedTasks());
    List<Candidate> once = run.measured().stream().filter(c -> !tasks.contains(c.variantId() + "-2")).toList();
    assertTrue(once.size() > run.measured().size() / 2, "most variants are measured once: " + once.size() + " of "
        + run.measured().size());
    assertTrue(tasks.size() <= 0.4 * 3 * candidates.size(), tasks.size() + " tasks");
    // What the run measured, by median of what it measured, has the true top 3.
    Map<String, Double> median = new LinkedHashMap<>();
    run.sweep().observations().values().forEach(list -> list.forEach(o -> median.put(o.variantId(), o.p50Ms())));
    List<String> top = frontier(run.measured(), c -> median.get(c.variantId())).subList(0, 3);
    assertEquals(truth.subList(0, 3), top);
    for (String member : top) {
      assertTrue(tasks.containsAll(List.of(member + "-1", member + "-2", member + "-3")),
          member + " is on the frontier: measured three times, " + tasks);
    }
    assertTrue(run.sweep().stopped().get("pi").startsWith("frontier stable"), run.sweep().stopped().toString());
  }

  @Test
  void neverChoosesAVariantThatCannotChangeTheFrontier() {
    Run run = simulate(candidates(true), spec("100%", 0.05));
    // A variant at batch 16 has the quality of its batch-1 twin and, once the work outweighs the overhead, several
    // times its latency: dominated in every draw once the twin is measured, so only the initial set may hold one.
    Map<String, LatencyCase> twins = new LinkedHashMap<>();
    for (int i = 0; i < run.measured().size(); i++) {
      LatencyCase v = run.measured().get(i).variant();
      String twin = model(v) + "/" + v.threads();
      LatencyCase measuredTwin = twins.get(twin);
      if (i >= run.initial() && v.batch() == 16 && measuredTwin != null) {
        double ratio = SyntheticDevice.PC.latencyMs(v) / SyntheticDevice.PC.latencyMs(measuredTwin);
        assertTrue(ratio < 3, "chose " + run.measured().get(i).variantId() + ", " + ratio
            + "x slower than its measured batch-1 twin");
      }
      if (v.batch() == 1) {
        twins.put(twin, v);
      }
    }
    assertTrue(run.measured().size() < candidates(true).size() / 2, "stopped after " + run.measured().size());
  }

  @Test
  void stopsWhenTheBudgetIsSpent() {
    Run run = simulate(candidates(true), spec("40", 0.0001));
    assertEquals(40, run.measured().size());
    assertEquals(40, run.sweep().releasedTasks());
    assertTrue(run.sweep().stopped().get("pi").startsWith("budget spent: 40 of 40"), run.sweep().stopped().toString());
  }

  @Test
  void aLaxerStoppingRuleStopsSooner() {
    int strict = simulate(candidates(true), spec("100%", 0.01)).measured().size();
    int lax = simulate(candidates(true), spec("100%", 0.5)).measured().size();
    assertTrue(lax < strict, "stop-below 0.5 measured " + lax + ", 0.01 measured " + strict);
  }

  @Test
  void theInitialSetIsSpreadOverTheGrid() {
    List<Candidate> candidates = candidates(true);
    AdaptiveSweep sweep = new AdaptiveSweep(spec("40%", 0.05), candidates, Map::of);
    List<PlannedTask> initial = sweep.start(Set.of());
    assertEquals(29, initial.size()); // 10 % of 288, rounded up
    Map<String, Candidate> byTask = new LinkedHashMap<>();
    candidates.forEach(c -> byTask.put(c.tasks().get(0).taskId(), c));
    Set<Integer> batches = new HashSet<>();
    Set<Integer> threads = new HashSet<>();
    Set<Boolean> int8 = new HashSet<>();
    Set<Long> sizes = new HashSet<>();
    for (PlannedTask t : initial) {
      LatencyCase v = byTask.get(t.taskId()).variant();
      batches.add(v.batch());
      threads.add(v.threads());
      int8.add(v.int8());
      sizes.add(v.parameters());
    }
    assertEquals(Set.of(1, 4, 16), batches);
    assertEquals(Set.of(1, 2), threads);
    assertEquals(Set.of(false, true), int8);
    assertTrue(sizes.size() >= 10, "model sizes in the initial set: " + sizes.size());
  }
}
