package dev.tierbench.coordinator.lease;

/** Where a task is. DONE and FAILED are final for the run (a late result may still turn FAILED into DONE). */
public enum TaskState {
  QUEUED,
  LEASED,
  DONE,
  FAILED;

  public boolean terminal() {
    return this == DONE || this == FAILED;
  }
}
