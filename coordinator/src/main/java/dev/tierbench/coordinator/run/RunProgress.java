package dev.tierbench.coordinator.run;

/**
 * Where a run stands, as shown by the progress bar and the status API.
 *
 * @param skipped tasks an adaptive sweep chose not to measure (their variants are predicted)
 */
public record RunProgress(String runId, int total, int done, int failed, int skipped, int leased, int queued,
    int agents, String lastEvent) {

  public int finished() {
    return done + failed + skipped;
  }
}
