package dev.tierbench.common.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;

/** What the model fuzz tests share: where in a file a mutation lands, and what every outcome must be. */
final class Mutations {

  /** Far above what reading the biggest model here takes (under 100 ms). */
  private static final long MAX_NANOS = 2_000_000_000L;

  private Mutations() {}

  /** A place in a file, as a fraction of its length: {@code @ForAll @From(supplier = Fraction.class)}. */
  static final class Fraction implements ArbitrarySupplier<Double> {
    @Override
    public Arbitrary<Double> get() {
      return Arbitraries.doubles().between(0, true, 1, false);
    }
  }

  /** One to eight places in a file. */
  static final class Positions implements ArbitrarySupplier<List<Double>> {
    @Override
    public Arbitrary<List<Double>> get() {
      return new Fraction().get().list().ofMinSize(1).ofMaxSize(8);
    }
  }

  /**
   * {@code read} of a file called {@code name} either succeeds or throws a {@link ModelFormatException} of one line
   * naming the file, never another exception, and ends in bounded time.
   */
  static void readsOrRefusesInOneLine(String name, Runnable read) {
    long start = System.nanoTime();
    try {
      read.run();
    } catch (ModelFormatException e) {
      assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    long nanos = System.nanoTime() - start;
    assertTrue(nanos < MAX_NANOS, "took " + nanos / 1_000_000 + " ms");
  }
}
