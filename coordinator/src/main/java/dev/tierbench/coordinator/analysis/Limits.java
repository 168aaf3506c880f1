package dev.tierbench.coordinator.analysis;

/**
 * How much one analysis may ask for. The runs API answers strangers, so every figure that multiplies its work
 * is bounded here, once, for the API and the analysing commands alike.
 */
public final class Limits {

  /**
   * Bootstrap draws: work grows linearly with them. 100,000 draws of the test run's frontier take about 2 s on
   * two cores, and intervals stop moving long before (the default is 1,000).
   */
  public static final Bounded DRAWS = new Bounded("draws", 1, 100_000);

  /** Any seed is as cheap as any other. */
  public static final Bounded SEED = new Bounded("seed", Long.MIN_VALUE, Long.MAX_VALUE);

  /** Objectives of one frontier: Pareto ranking costs grow with them, and a chart shows two or three. */
  public static final int OBJECTIVES = 8;

  /** Constraints of one recommendation: each is checked in every draw. */
  public static final int CONSTRAINTS = 16;

  /** Characters of one query value: metric names, constraints and tiers are short, and errors repeat them. */
  public static final int TEXT = 200;

  private Limits() {}
}
