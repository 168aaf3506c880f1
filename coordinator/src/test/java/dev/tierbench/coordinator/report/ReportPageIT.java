package dev.tierbench.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.coordinator.Browser;
import dev.tierbench.coordinator.MeasuredRun;
import dev.tierbench.coordinator.store.RunReader;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.store.StoredRun;

/** report.html of a real run, opened from disk in headless Chromium with no network: everything draws. */
class ReportPageIT {

  @TempDir
  Path dir;

  private static StoredRun measured() {
    return RunReader.read(MeasuredRun.get().folder().resolve(RunFolders.DATABASE));
  }

  /** The report of the measured run (or of a variation of it) under its sweep's analysis. */
  private static ReportDocument measuredReport(StoredRun run, int draws) {
    return ReportDocument.build(run, AnalysisSettings.of(RunFolders.analysis(MeasuredRun.get().folder()), draws, 1,
        0.01));
  }

  /** A browser showing {@code doc}'s report.html, rendered; closed again if it does not render. */
  private Browser rendered(ReportDocument doc) throws Exception {
    Path html = ReportWriter.write(dir, doc);
    Browser browser = new Browser();
    try {
      browser.open(html.toUri().toString());
      browser.await(browser::rendered, Duration.ofSeconds(30), "the report to render");
      return browser;
    } catch (RuntimeException | Error e) {
      browser.close();
      throw e;
    }
  }

  @Test
  void theReportRendersEveryPlotWithAllItsPointsAndNoConsoleError() throws Exception {
    ReportDocument doc = measuredReport(measured(), 300);

    try (Browser browser = rendered(doc)) {
      assertTrue(doc.plots().size() >= 4, "frontiers per tier and across, curves: " + doc.plots().size());
      for (Plot plot : doc.plots()) {
        assertEquals(plot.markers(), browser.drawnMarkers(plot.id()), "points drawn in " + plot.id());
      }
      assertEquals(1L, browser.script("return document.querySelectorAll('#section-roofline ~ div canvas[data-plot^=\"roofline-\"]').length;"),
          "the calibrated agent's roofline");
      assertEquals(2L, browser.script("return document.querySelectorAll('.recommendation').length;"));
      assertEquals(1L, browser.script("return document.querySelectorAll('.recommendation.none').length;"));
      assertEquals((long) doc.failures().size() + 1, browser.script(
          "return document.querySelectorAll('#section-failed-tasks ~ div table tr').length;"), "a row per failure");
      String text = (String) browser.script("return document.body.innerText;");
      // Two unrelated models, one int8 and one float: no line through them, and the report says why.
      for (String expected : List.of("How it was measured", "Pareto frontiers", "P(optimal)", "Recommendations",
          "no latency-vs-FLOPs fit", "Cross-tier slowdown", "Scaling curves", "Roofline", "memory GB/s", "Trials",
          "Failed tasks", "TFLite", "Predicted, not measured", "cross-tier prediction")) {
        assertTrue(text.contains(expected), "the report shows " + expected);
      }
      assertEquals(List.of(), browser.consoleErrors());
      Path shot = browser.screenshot("report-measured-run");
      assertTrue(Files.size(shot) > 50_000, "a screenshot with content: " + shot);
    }
  }

  @Test
  void aSkippedVariantIsShownPredictedInItsOwnSectionAndEveryRowOfItIsMarkedSo() throws Exception {
    StoredRun whole = measured();
    ReportDocument doc = measuredReport(Skipped.skipping(whole, Skipped.variant(whole, "mobilenet", 2, "iot")), 100);

    try (Browser browser = rendered(doc)) {
      assertEquals(1, doc.predictions().predicted().size());
      String rows = "#section-predicted-not-measured ~ div tr";
      assertEquals(1L, browser.script("return document.querySelectorAll('" + rows + ".predicted').length;"),
          "a row per predicted variant, marked predicted");
      assertEquals(1L, browser.script("return document.querySelectorAll('" + rows + ".predicted .badge-predicted')"
          + ".length;"), "with its badge");
      assertEquals(1L, browser.script("return document.querySelectorAll('tr.predicted').length;"),
          "no other table shows a predicted row");
      String section = (String) browser.script("return [...document.querySelectorAll('"
          + rows + ".predicted')].map(r => r.innerText).join('\\n');");
      assertTrue(section.startsWith("predicted") && section.contains(doc.predictions().predicted().get(0).label()),
          section);
      String text = (String) browser.script("return document.body.innerText;");
      for (String expected : List.of("Predicted, not measured", "Predictions are estimates, not measurements",
          "latency models", "too few to cross-validate")) {
        assertTrue(text.contains(expected), "the report shows " + expected);
      }
      assertEquals(List.of(), browser.consoleErrors());
      browser.screenshot("report-predicted");
    }
  }

  @Test
  void aTrainedRunsReportShowsAccuracyPlotsAndTheCostOfInt8() throws Exception {
    Files.createSymbolicLink(dir.resolve("data"), dev.tierbench.coordinator.Fixtures.ROOT.resolve("configs/data"));
    Path sweep = dir.resolve("trained.yaml");
    Files.writeString(sweep, """
        name: trained
        models:
          - generate: mlp
            name: cancer
            params: {depth: 2, width: [8, 16, 32], quantize: [float32, int8]}
            train: {dataset: breast_cancer, epochs: 20}
        repetitions: 2
        measurement: {warmup: 2, min-duration: 0s, min-queries: 20, max-duration: 10s}
        """);
    StoredRun run;
    try (var fleet = dev.tierbench.coordinator.LocalFleet.start(dir, "local")) {
      run = fleet.run("trained", dev.tierbench.coordinator.preparation.Preparation.plan(
          dev.tierbench.common.sweep.SweepParser.parse(sweep), dir.resolve("cache")));
    }
    ReportDocument doc = ReportDocument.build(run, AnalysisSettings.defaults(
        dev.tierbench.common.sweep.AnalysisSpec.DEFAULT));
    Path html = ReportWriter.write(dir.resolve("runs/trained"), doc);
    try (Browser browser = new Browser()) {
      browser.open(html.toUri().toString());
      browser.await(browser::rendered, Duration.ofSeconds(30), "the trained report to render");
      assertTrue(doc.plots().stream().anyMatch(p -> p.id().equals("accuracy-p50_ms")), "accuracy vs latency");
      assertEquals(List.of("float32", "int8"), doc.fits().stream().map(f -> f.settings().split(",")[0]).toList(),
          "a latency fit per precision, never one across them");
      assertTrue(((String) browser.script("return document.body.innerText;")).contains("Latency vs FLOPs"));
      for (Plot plot : doc.plots()) {
        assertEquals(plot.markers(), browser.drawnMarkers(plot.id()), "points drawn in " + plot.id());
      }
      assertEquals(4L, browser.script(
          "return document.querySelectorAll('#section-quantization-cost + p + div table tr').length;"),
          "a header and a row per int8 variant against its float32 twin");
      assertEquals(0L, browser.script("return document.querySelectorAll('#section-engines').length;"),
          "one engine: no engine comparison");
      assertEquals(List.of(), browser.consoleErrors());
      browser.screenshot("report-trained-run");
    }
  }

  @Test
  void aRunOnSeveralEnginesComparesThemAndShowsWhereTheTimeGoes() throws Exception {
    Path sweep = dir.resolve("engines.yaml");
    Files.writeString(sweep, """
        name: engines
        models:
          - generate: cnn
            name: cnn
            params: {depth: 0.25, width: 0.25, resolution: 32, quantize: [float32, int8]}
        axes:
          engine: [tflite, onnxruntime]
        tiers: [local]
        measurement: {warmup: 2, min-duration: 0s, min-queries: 20, max-duration: 10s, profile-queries: 10}
        """);
    StoredRun run;
    try (var fleet = dev.tierbench.coordinator.LocalFleet.start(dir, "local")) {
      run = fleet.run("engines", dev.tierbench.coordinator.preparation.Preparation.plan(
          dev.tierbench.common.sweep.SweepParser.parse(sweep), dir.resolve("cache")));
    }
    ReportDocument doc = ReportDocument.build(run, AnalysisSettings.defaults(
        dev.tierbench.common.sweep.AnalysisSpec.DEFAULT));
    Path html = ReportWriter.write(dir.resolve("runs/engines"), doc);
    try (Browser browser = new Browser()) {
      browser.open(html.toUri().toString());
      browser.await(browser::rendered, Duration.ofSeconds(30), "the engines report to render");
      assertEquals((long) doc.engines().size() + 1, browser.script(
          "return document.querySelectorAll('#section-engines + p + div table tr').length;"),
          "a header and a row per variant measured on both engines");
      assertEquals((long) doc.profiles().size(), browser.script(
          "return document.querySelectorAll('.profile table').length;"), "a table per profile");
      String text = (String) browser.script("return document.body.innerText;");
      for (String expected : List.of("Engines", "Where the time goes", "XNNPACK", "ONNX Runtime 1.", "TFLite 2.")) {
        assertTrue(text.contains(expected), "the report shows " + expected);
      }
      assertEquals(List.of(), browser.consoleErrors());
      browser.screenshot("report-engines");
    }
  }
}
