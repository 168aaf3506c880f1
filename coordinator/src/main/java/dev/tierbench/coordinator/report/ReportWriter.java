package dev.tierbench.coordinator.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a report's three files into a run folder: {@code report.html}, {@code report.json}, {@code frontier.csv}. */
public final class ReportWriter {

  public static final String HTML = "report.html";
  public static final String JSON = "report.json";
  public static final String FRONTIER_CSV = "frontier.csv";

  private ReportWriter() {}

  /** @return the HTML report's path */
  public static Path write(Path folder, ReportDocument document) throws IOException {
    Json.write(folder.resolve(JSON), document);
    replace(folder.resolve(FRONTIER_CSV), FrontierCsv.of(document.frontiers()));
    Path html = folder.resolve(HTML);
    replace(html, HtmlReport.render(document));
    return html;
  }

  /** Through a temporary file, so a browser showing the old report never reads half of the new one. */
  private static void replace(Path file, String text) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.writeString(partial, text, StandardCharsets.UTF_8);
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
