package dev.tierbench.agent.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The max-rate bisection against a known latency curve. */
class RateSearchTest {

  @Test
  void findsTheKneeOfAQueueingCurveWithinThePrecision() throws Exception {
    // An M/M/1-like p99: service 4 ms, capacity 250/s; p99 = ln(100) / (capacity - rate).
    RateSearch.Probe queue = rate -> rate >= 250 ? Long.MAX_VALUE : (long) (Math.log(100) / (250 - rate) * 1e9);
    RateSearch.Found found = RateSearch.search(queue, Duration.ofMillis(50), 400, 20, 0.01);
    double exact = 250 - Math.log(100) / 0.050;
    assertTrue(found.rate() <= exact && found.rate() > exact * 0.98, found + " vs " + exact);
    assertTrue(found.p99Nanos() <= 50_000_000L);
  }

  @Test
  void stopsAtTheProbeLimitAndReportsNothingWhenNoRateHolds() throws Exception {
    RateSearch.Found found = RateSearch.search(rate -> Long.MAX_VALUE, Duration.ofMillis(1), 100, 5, 0.001);
    assertEquals(0, found.rate());
    assertEquals(5, found.probes());
  }
}
