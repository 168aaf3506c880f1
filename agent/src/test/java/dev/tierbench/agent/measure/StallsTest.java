package dev.tierbench.agent.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class StallsTest {

  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  /** {@code count} queries of {@code latency} back to back from 0, then the phase's disturbances. */
  private static Stalls steady(int count, long latency) {
    Stalls stalls = new Stalls();
    for (int i = 0; i < count; i++) {
      stalls.query(i * latency, (i + 1) * latency);
    }
    return stalls;
  }

  @Test
  void aSteadyPhaseIsClean() {
    assertEquals(List.of(), steady(1000, MS).disturbances(MS, 1000 * MS, 5 * S, MS));
  }

  @Test
  void aQueryThatSwallowedAStopIsNamed() {
    // The SIGSTOP case: 30 queries of 1 ms, one of them frozen for 41.4 s.
    Stalls stalls = steady(29, MS);
    stalls.query(29 * MS, 29 * MS + 41_400 * MS);
    List<String> found = stalls.disturbances(MS, 41_429 * MS, 5 * S, 41_400 * MS);
    assertEquals(1, found.size(), found.toString());
    assertTrue(found.get(0).startsWith("stalled: one query took 41.4 s against a median of 1.000 ms"), found.get(0));
  }

  @Test
  void aPauseBetweenQueriesAndTheOverrunItCausesAreNamed() {
    Stalls stalls = steady(10, MS);
    stalls.query(10 * MS + 8 * S, 11 * MS + 8 * S);
    List<String> found = stalls.disturbances(MS, 8 * S + 11 * MS, 5 * S, MS);
    assertEquals(List.of("stalled: the measuring process stood still for 8.0 s between queries",
        "overran: the timed phase ran 8.0 s against a max-duration of 5.0 s"), found);
  }

  @Test
  void slowModelsAndShortHiccupsAreNotStalls() {
    // A 3 s model: a 4 s query is its own tail, not a stall (under 100 x the median), and ending past
    // max-duration by that last query is how the loop works.
    Stalls slow = steady(3, 3 * S);
    slow.query(9 * S, 13 * S);
    assertEquals(List.of(), slow.disturbances(3 * S, 13 * S, 10 * S, 4 * S));
    // A 0.5 s GC pause between 30 us queries: under the one-second floor.
    Stalls hiccup = steady(100, 30_000);
    hiccup.query(100 * 30_000 + 500 * MS, 101 * 30_000 + 500 * MS);
    assertEquals(List.of(), hiccup.disturbances(30_000, 503 * MS, 5 * S, 30_000));
    // A last query that legitimately ends past max-duration.
    assertEquals(List.of(), steady(2, 4 * S).disturbances(4 * S, 8 * S, 5 * S, 4 * S));
  }
}
