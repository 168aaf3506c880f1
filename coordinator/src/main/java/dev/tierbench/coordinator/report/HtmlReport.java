package dev.tierbench.coordinator.report;

/**
 * {@code report.html}: one self-contained file (styles, Chart.js, the page's script and the report's data all
 * inline) that renders the {@link ReportDocument} in any browser, offline.
 */
public final class HtmlReport {

  private HtmlReport() {}

  public static String render(ReportDocument document) {
    Object id = document.run().get("id");
    return WebAssets.own("report.html")
        .replace("{{title}}", escapeHtml("tierbench report: " + id))
        .replace("{{style}}", WebAssets.own("report.css"))
        .replace("{{chart}}", inlineScript(WebAssets.chartJs()))
        .replace("{{script}}", inlineScript(WebAssets.own("report.js")))
        .replace("{{data}}", inlineScript(Json.text(document)));
  }

  /** Text inside a script element ends at the first "</": JSON and scripts may contain one, so it is escaped. */
  static String inlineScript(String text) {
    return text.replace("</", "<\\/");
  }

  private static String escapeHtml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
