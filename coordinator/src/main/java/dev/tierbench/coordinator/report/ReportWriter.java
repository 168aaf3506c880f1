package dev.tierbench.coordinator.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.tierbench.common.io.AtomicFiles;
import dev.tierbench.coordinator.store.RunFolders;

/** Writes a report's three files into a run folder: {@code report.html}, {@code report.json}, {@code frontier.csv}. */
public final class ReportWriter {

  private ReportWriter() {}

  /** @return the HTML report's path */
  public static Path write(Path folder, ReportDocument document) throws IOException {
    Json.write(folder.resolve(RunFolders.REPORT_JSON), document);
    // In one step each, so that a browser showing the old report never reads half of the new one.
    AtomicFiles.write(folder.resolve(RunFolders.FRONTIER_CSV), FrontierCsv.of(document.frontiers())
        .getBytes(StandardCharsets.UTF_8));
    Path html = folder.resolve(RunFolders.REPORT_HTML);
    AtomicFiles.write(html, HtmlReport.render(document).getBytes(StandardCharsets.UTF_8));
    return html;
  }
}
