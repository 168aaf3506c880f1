package dev.tierbench.coordinator.plan;

import dev.tierbench.common.model.ModelSummary;

/**
 * What inspecting a sweep's model found before any agent sees it: its costs, or why it cannot be a model
 * (then its tasks fail at once, with that reason, and the rest of the sweep goes on).
 */
public record ModelCheck(ModelSummary summary, String problem) {

  public ModelCheck {
    if ((summary == null) == (problem == null)) {
      throw new IllegalArgumentException("a model check has either a summary or a problem");
    }
  }

  public boolean ok() {
    return problem == null;
  }
}
