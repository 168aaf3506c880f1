package dev.tierbench.coordinator.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tierbench.coordinator.pareto.StochasticFrontier;

/** A cancelled analysis stops in its draws loops, on the calling thread and on the threads it fans out to. */
class CancellationTest {

  private final List<VariantSampler> samplers = List.of(
      new VariantSampler(SyntheticVariants.variant("a", "t", 100, 2.0, 0.1, 3, 500, 1)),
      new VariantSampler(SyntheticVariants.variant("b", "t", 50, 3.0, 0.1, 3, 500, 2)));
  private final List<Metric> p50 = List.of(MetricCatalog.find("p50_ms").orElseThrow());

  @Test
  void bootstrapAndFrontierDrawsStopOnceCancelled() {
    Cancellation cancellation = new Cancellation();
    cancellation.cancel("the client went away");
    cancellation.cancel("overdue");
    CancelledException e = assertThrows(CancelledException.class, () -> cancellation.run(() -> 1));
    assertEquals("the client went away", e.getMessage(), "the first reason is the one reported");

    Cancellation later = new Cancellation();
    assertThrows(CancelledException.class, () -> later.run(() -> {
      later.cancel("overdue");
      return Bootstrap.draws(samplers.get(0), p50, 10, Generators.of(1, 0));
    }));
    Cancellation frontier = new Cancellation();
    assertThrows(CancelledException.class, () -> frontier.run(() -> {
      frontier.cancel("overdue");
      return StochasticFrontier.of(samplers, Objective.parseAll(List.of("p50_ms", "flops"), MetricCatalog.all()), 10_000, 1);
    }));
  }

  @Test
  void outsideARunNothingCancelsAndTheThreadIsLeftAsItWas() throws Exception {
    Cancellation before = Cancellation.current();
    assertEquals(10, Bootstrap.draws(samplers.get(0), p50, 10, Generators.of(1, 0))[0].length);
    Cancellation mine = new Cancellation();
    assertSame(mine, mine.run(Cancellation::current));
    assertSame(before, Cancellation.current());
  }
}
