package dev.tierbench.coordinator.adaptive;

import dev.tierbench.common.protocol.Evaluation;

/**
 * The figure an adaptive sweep's frontier ranks models by, higher is better: accuracy for a classifier scored on
 * labelled samples, R² for a regression, and, for models no evaluation set scores, their MACs per sample (the
 * frontier then answers "the most compute a latency buys").
 */
public final class Quality {

  private Quality() {}

  /** What an evaluation says, or NaN when it scores nothing (an unlabelled set). */
  public static double of(Evaluation evaluation) {
    if (evaluation == null) {
      return Double.NaN;
    }
    if (evaluation.classification()) {
      return evaluation.labelled() ? evaluation.correct() / (double) evaluation.samples() : Double.NaN;
    }
    return evaluation.r2();
  }
}
