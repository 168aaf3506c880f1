package dev.tierbench.coordinator.analysis;

/**
 * A figure of a variant that frontiers, constraints and fits can use, named as users write it
 * ({@code p99_ms}, {@code throughput}, ...), with the direction in which it is better.
 */
public interface Metric {

  String name();

  String unit();

  Direction direction();

  /** How the figure combines the variant's repetitions. */
  Aggregation aggregation();

  String description();

  /** The figure from one replicate; {@link VariantSampler#asMeasured()} gives the point estimate. NaN: none. */
  double of(Resample resample);

  /** The point estimate, NaN when the variant does not have this figure. */
  default double value(Variant variant) {
    return of(new VariantSampler(variant).asMeasured());
  }
}
