package dev.tierbench.coordinator.scaling;

import java.util.List;

/**
 * Accuracy against size within one family: the gain per doubling of FLOPs between consecutive sizes, the
 * model after which every further doubling gains less than the threshold (null when accuracy still grows),
 * and the steps where accuracy falls by more than its sampling noise.
 */
public record Plateau(String family, double threshold, List<Step> steps, String plateauAfter, List<String> declines) {

  /** From one model to the next larger one. */
  public record Step(String from, String to, double fromFlops, double toFlops, double fromAccuracy,
      double toAccuracy, double gainPerDoubling) {}

  public Plateau {
    steps = List.copyOf(steps);
    declines = List.copyOf(declines);
  }
}
