package dev.tierbench.coordinator.queue;

import java.util.EnumSet;
import java.util.Set;

/** Where a submitted run is: waiting, being prepared (models generated or trained), measured, or ended. */
public enum RunStatus {
  QUEUED, PREPARING, RUNNING, DONE, FAILED, CANCELLED;

  /** Whether nothing more happens to the run. */
  public boolean ended() {
    return this == DONE || this == FAILED || this == CANCELLED;
  }

  /** The states a run may go to from this one. */
  public Set<RunStatus> next() {
    return switch (this) {
      case QUEUED -> EnumSet.of(PREPARING, CANCELLED);
      case PREPARING -> EnumSet.of(RUNNING, FAILED, CANCELLED);
      case RUNNING -> EnumSet.of(DONE, FAILED, CANCELLED);
      case DONE, FAILED, CANCELLED -> EnumSet.noneOf(RunStatus.class);
    };
  }
}
