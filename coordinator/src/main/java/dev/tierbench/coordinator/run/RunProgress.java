package dev.tierbench.coordinator.run;

/** Where a run stands, as shown by the progress bar and the status API. */
public record RunProgress(String runId, int total, int done, int failed, int leased, int queued, int agents,
    String lastEvent) {

  public int finished() {
    return done + failed;
  }
}
