package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The README's first command, as a user runs it (the built jar, its own JVM): the quickstart measures every
 * trial and leaves a report whose every plot draws in headless Chromium. Its screenshot is
 * {@code coordinator/target/screenshots/quickstart-report.png}.
 */
class QuickstartIT {

  @TempDir
  Path dir;

  @Test
  void theQuickstartMeasuresEveryTrialAndItsReportRenders() throws Exception {
    Path runs = dir.resolve("runs");
    try (JvmProcesses jvms = new JvmProcesses(dir)) {
      jvms.start("quickstart", JvmProcesses.COORDINATOR_JAR, List.of("run",
          Fixtures.ROOT.resolve("configs/quickstart.yaml").toString(), "--runs-dir", runs.toString(), "--http-port",
          "0", "--progress", "never", "--cache-dir", dir.resolve("cache").toString(), "--device-lock",
          dir.resolve("device.lock").toString()));
      assertEquals(0, jvms.awaitExit("quickstart", Duration.ofMinutes(4)), jvms.output("quickstart"));
      Path html = runs.resolve("quickstart/report.html");
      assertTrue(jvms.output("quickstart").contains("report:  " + html), jvms.output("quickstart"));
    }
    JsonNode report = new ObjectMapper().readTree(runs.resolve("quickstart/report.json").toFile());
    assertEquals(8, report.get("trials").size());
    assertEquals(8, report.get("frontiers").get(0).get("points").size());
    assertEquals(0, report.get("failures").size());
    assertEquals(8, report.get("profiles").size(), "where each variant's time goes");
    assertTrue(report.get("run").get("runtimes").get(0).asText().matches("TFLite 2\\.\\d+\\.\\d+"),
        report.get("run").get("runtimes").toString());

    try (Browser browser = new Browser()) {
      browser.open(runs.resolve("quickstart/report.html").toUri().toString());
      browser.await(browser::rendered, Duration.ofSeconds(30), "the quickstart report to render");
      for (JsonNode plot : report.get("plots")) {
        long markers = 0;
        for (JsonNode series : plot.get("series")) {
          markers += series.get("style").asText().equals("line") ? 0 : series.get("points").size();
        }
        assertTrue(markers > 0, plot.get("id").asText());
        assertEquals(markers, browser.drawnMarkers(plot.get("id").asText()), "points drawn in " + plot.get("id"));
      }
      assertEquals(List.of(), browser.consoleErrors());
      browser.screenshot("quickstart-report");
    }
  }
}
