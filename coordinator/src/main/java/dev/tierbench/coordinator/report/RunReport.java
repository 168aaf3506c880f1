package dev.tierbench.coordinator.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.common.sweep.AnalysisSpec;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.Variants;
import dev.tierbench.coordinator.store.RunReader;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.store.StoredRun;

/**
 * The step after a run: from what its database holds, the folder gets {@code results.csv} and {@code results.json},
 * and the report when one can be made.
 *
 * @param html the HTML report, or null when it could not be made (the log says why)
 */
public record RunReport(StoredRun stored, List<TrialRow> trials, Path html) {

  private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);

  public RunReport {
    trials = List.copyOf(trials);
  }

  /**
   * Writes the files of the run in {@code folder}. A report that cannot be made (say, a recommendation naming a tier
   * the run does not have) is logged and leaves every stored result and results file in place.
   */
  public static RunReport write(Path folder, AnalysisSpec analysis) throws IOException {
    StoredRun stored = RunReader.read(folder.resolve(RunFolders.DATABASE));
    List<Variant> variants = Variants.of(stored);
    ReportFiles.write(folder, stored, variants);
    Path html;
    try {
      html = ReportWriter.write(folder, ReportDocument.build(stored, variants, AnalysisSettings.defaults(analysis)));
    } catch (RuntimeException | IOException e) {
      LOG.warn("run {}: no report ({}); the results are stored, and `tierbench report {}` tries again",
          stored.runId(), e.getMessage(), folder);
      html = null;
    }
    return new RunReport(stored, TrialRows.of(stored, variants), html);
  }
}
