package dev.tierbench.coordinator.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tierbench.coordinator.TestClock;

class FairShareTest {

  private final TestClock clock = new TestClock();
  private final FairShare share = new FairShare(clock);

  @Test
  void theLeastServedRunComesFirstCountingLeasesStillHeld() {
    share.join("a", 1);
    share.join("b", 1);
    share.leased("a", "l1", clock.instant());
    clock.advance(Duration.ofSeconds(5));
    assertEquals(List.of("b", "a"), share.order(Set.of("a", "b")), "a's lease still runs: it has had 5 s");
    share.ended("l1");
    share.leased("b", "l2", clock.instant());
    clock.advance(Duration.ofSeconds(6));
    assertEquals(List.of("a", "b"), share.order(Set.of("a", "b")));
    assertEquals(Duration.ofSeconds(5), share.served("a"));
    assertEquals(Duration.ofSeconds(6), share.served("b"));
  }

  @Test
  void onlyTheRunsAskedAboutAreOrdered() {
    share.join("a", 1);
    share.join("b", 1);
    assertEquals(List.of("b"), share.order(Set.of("b", "unknown")));
  }

  /** Two agents, three runs of different task lengths, all with work throughout: each gets a third of the time. */
  @Test
  void runsWithWorkShareTheAgentsEquallyWhateverTheirTaskLengths() {
    Map<String, Duration> lengths = Map.of("a", Duration.ofMillis(3000), "b", Duration.ofMillis(700),
        "c", Duration.ofMillis(1900));
    lengths.keySet().stream().sorted().forEach(run -> share.join(run, 1));
    simulate(2, lengths, Duration.ofMinutes(10));
    double total = lengths.keySet().stream().mapToLong(r -> share.served(r).toMillis()).sum();
    for (String run : lengths.keySet()) {
      double part = share.served(run).toMillis() / total;
      assertTrue(Math.abs(part - 1 / 3.0) < 0.03, run + " had " + part + " of the agent time");
    }
  }

  @Test
  void aRunOfPriorityTwoGetsTwiceTheTime() {
    share.join("low", 1);
    share.join("high", 2);
    simulate(3, Map.of("low", Duration.ofSeconds(2), "high", Duration.ofSeconds(2)), Duration.ofMinutes(10));
    double ratio = share.served("high").toMillis() / (double) share.served("low").toMillis();
    assertTrue(Math.abs(ratio - 2) < 0.1, "high/low = " + ratio);
  }

  /** A late run does not take every agent until it has had as much as the runs that were there before it. */
  @Test
  void aRunThatJoinsLateStartsLevelWithTheOthers() {
    share.join("early", 1);
    simulate(2, Map.of("early", Duration.ofSeconds(1)), Duration.ofMinutes(5));
    Duration before = share.served("early");
    share.join("late", 1);
    simulate(2, Map.of("early", Duration.ofSeconds(1), "late", Duration.ofSeconds(1)), Duration.ofMinutes(1));
    long early = share.served("early").minus(before).toMillis();
    long late = share.served("late").toMillis();
    assertTrue(Math.abs(early - late) <= 2000, "in the minute after: early " + early + " ms, late " + late + " ms");
  }

  @Test
  void aRunThatLeftNoLongerCounts() {
    share.join("a", 1);
    share.leased("a", "l", clock.instant());
    share.leave("a");
    share.ended("l");
    assertEquals(List.of(), share.order(Set.of("a")));
    assertEquals(Duration.ZERO, share.served("a"));
  }

  @Test
  void refusesAPriorityBelowOneAndASecondJoin() {
    assertThrows(IllegalArgumentException.class, () -> share.join("a", 0));
    share.join("a", 1);
    assertThrows(IllegalArgumentException.class, () -> share.join("a", 1));
  }

  /** {@code agents} agents, each taking the first run in order whenever free, for {@code span}. */
  private void simulate(int agents, Map<String, Duration> lengths, Duration span) {
    Instant end = clock.instant().plus(span);
    PriorityQueue<Busy> busy = new PriorityQueue<>((x, y) -> x.until().compareTo(y.until()));
    Map<String, Integer> counter = new HashMap<>();
    for (int i = 0; i < agents; i++) {
      busy.add(take(lengths, counter));
    }
    while (busy.peek().until().isBefore(end)) {
      Busy next = busy.poll();
      clock.advance(Duration.between(clock.instant(), next.until()));
      share.ended(next.lease());
      busy.add(take(lengths, counter));
    }
    clock.advance(Duration.between(clock.instant(), end));
    busy.forEach(b -> share.ended(b.lease()));
  }

  private record Busy(Instant until, String lease) {}

  /** The least served run's next task, leased now. */
  private Busy take(Map<String, Duration> lengths, Map<String, Integer> counter) {
    String run = share.order(lengths.keySet()).get(0);
    String lease = run + "-" + counter.merge(run, 1, Integer::sum);
    share.leased(run, lease, clock.instant());
    return new Busy(clock.instant().plus(lengths.get(run)), lease);
  }
}
