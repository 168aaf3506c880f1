package dev.tierbench.coordinator.lease;

/**
 * Where a task is. DONE, FAILED and SKIPPED are final for the run (a late result may still turn FAILED into DONE).
 * HELD and SKIPPED are an adaptive sweep's: a task it has not yet decided to measure, and one it decided not to
 * (its variant is predicted instead).
 */
public enum TaskState {
  QUEUED,
  LEASED,
  DONE,
  FAILED,
  HELD,
  SKIPPED;

  public boolean terminal() {
    return this == DONE || this == FAILED || this == SKIPPED;
  }
}
