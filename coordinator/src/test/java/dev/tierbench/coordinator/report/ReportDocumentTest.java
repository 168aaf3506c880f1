package dev.tierbench.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.common.sweep.AnalysisSpec;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.common.yaml.YamlException;
import dev.tierbench.coordinator.LocalFleet;
import dev.tierbench.coordinator.MeasuredRun;
import dev.tierbench.coordinator.analysis.UnknownMetricException;
import dev.tierbench.coordinator.pareto.Frontier;
import dev.tierbench.coordinator.pareto.FrontierPoint;
import dev.tierbench.coordinator.recommend.Recommendation;
import dev.tierbench.coordinator.roofline.AgentRoofline;
import dev.tierbench.coordinator.roofline.Roofline;
import dev.tierbench.coordinator.roofline.RooflinePoint;
import dev.tierbench.coordinator.store.RunReader;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.store.StoredResult;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.store.StoredTrial;
import dev.tierbench.coordinator.store.TaskRow;

/** The report of a real measured run: what it holds, and what it says about runs that are not whole. */
class ReportDocumentTest {

  private static StoredRun stored() {
    return RunReader.read(MeasuredRun.get().folder().resolve(RunFolders.DATABASE));
  }

  private static AnalysisSettings sweepSettings(int draws) {
    return AnalysisSettings.of(RunFolders.analysis(MeasuredRun.get().folder()), draws, 7, 0.01);
  }

  @Test
  void aFinishedRunsReportFollowsItsSweepsAnalysis() {
    ReportDocument doc = ReportDocument.build(stored(), sweepSettings(200));

    assertEquals(List.of("p50_ms:min", "throughput:max", "model_mb:min"), doc.objectives());
    assertEquals(List.of("edge", "iot", Frontier.ALL_TIERS), doc.frontiers().stream().map(Frontier::scope).toList());
    assertEquals(List.of(4, 4, 8), doc.frontiers().stream().map(f -> f.points().size()).toList(),
        "two models x two batch sizes per tier; the truncated model has no figures");
    for (Frontier f : doc.frontiers()) {
      assertRanksAreParetoRanks(f);
    }
    assertEquals(8, doc.failures().size(), "the truncated model's tasks: 2 batch sizes x 2 tiers x 2 repetitions");
    doc.failures().forEach(fail -> assertTrue(fail.reason() != null && !fail.reason().isBlank()));
    assertTrue(doc.notes().stream().anyMatch(n -> n.startsWith("8 task(s) failed")), doc.notes().toString());
    assertFalse(doc.notes().stream().anyMatch(n -> n.startsWith("incomplete")));

    Recommendation fastest = doc.recommendations().get(0);
    assertTrue(fastest.found(), fastest.answer());
    assertEquals("edge", fastest.best().tier());
    assertEquals(4, fastest.considered());
    Recommendation impossible = doc.recommendations().get(1);
    assertFalse(impossible.found());
    assertTrue(impossible.answer().startsWith("no variant meets"), impossible.answer());
    assertEquals("kws", impossible.closest().model(), "the smaller model is nearest to model_mb <= 0.001");

    assertEquals(1, doc.slowdowns().size());
    assertEquals(4, doc.slowdowns().get(0).ratios().size());
    assertEquals(3, doc.plots().stream().filter(p -> p.id().startsWith("frontier-")).count());
    doc.plots().forEach(p -> assertTrue(p.markers() > 0, p.id() + " has no points"));
  }

  @Test
  void eachCalibratedAgentHasItsRooflineAndAnUncalibratedOneANote() throws Exception {
    StoredRun run = stored();
    ReportDocument doc = ReportDocument.build(run, sweepSettings(50));

    assertEquals(List.of("edge-1"), doc.rooflines().agents().stream().map(AgentRoofline::agentId).toList());
    AgentRoofline edge = doc.rooflines().agents().get(0);
    assertEquals(LocalFleet.CALIBRATION.depthwiseGflops(), edge.depthwiseGflops());
    assertEquals(50.0 / 10, edge.ridge(), "its peak over its bandwidth");
    assertEquals(4, edge.roofline().size(), "kws and mobilenet at batch 1 and 2; the truncated model has no result");
    for (RooflinePoint p : edge.roofline()) {
      assertTrue(p.variantId().endsWith("@edge"), p.variantId());
      assertEquals(p.intensity() < edge.ridge() ? Roofline.MEMORY_BOUND : Roofline.COMPUTE_BOUND, p.bound());
      assertEquals(Math.min(50, 10 * p.intensity()), p.roofGflops(), 1e-9);
      assertEquals(p.achievedGflops() / p.roofGflops(), p.fraction(), 1e-12);
      // edge-1 measured every edge task: its median is the variant's.
      TrialRow row = doc.trials().stream().filter(t -> p.variantId().equals(t.trialId() + "@" + t.tier()))
          .findFirst().orElseThrow();
      StoredTrial trial = run.trials().stream().filter(t -> t.trialId().equals(row.trialId())).findFirst().orElseThrow();
      double flops = (double) row.batch() * trial.costs().flops();
      assertEquals(flops / (trial.costs().weightBytes() + row.batch() * trial.costs().peakActivationBytes()),
          p.intensity(), 1e-9);
      assertEquals(flops / (row.latency().p50() / 1e9) / 1e9, p.achievedGflops(), 1e-9);
    }
    assertEquals(1, doc.rooflines().notes().size());
    assertTrue(doc.rooflines().notes().get(0).contains("iot-1 (iot)"), doc.rooflines().notes().toString());
    assertEquals(List.of("roofline-edge-edge-1"), doc.plots().stream().filter(p -> p.kind().equals(Plot.ROOFLINE))
        .map(Plot::id).toList());

    JsonNode agent = new ObjectMapper().readTree(Json.text(doc)).get("rooflines").get("agents").get(0);
    Set<String> fields = new HashSet<>();
    agent.get("roofline").get(0).fieldNames().forEachRemaining(fields::add);
    assertEquals(Set.of("variantId", "label", "intensity", "achievedGflops", "roofGflops", "bound", "fraction"), fields);
    assertEquals(LocalFleet.CALIBRATION.memoryGBps(), agent.get("memoryGBps").asDouble());
  }

  /** Rank 1 exactly when no other point is at least as good in every objective and better in one. */
  private static void assertRanksAreParetoRanks(Frontier f) {
    List<String> names = f.objectives().stream().map(o -> o.substring(0, o.indexOf(':'))).toList();
    List<Boolean> maximize = f.objectives().stream().map(o -> o.endsWith(":max")).toList();
    for (FrontierPoint p : f.points()) {
      boolean dominated = false;
      for (FrontierPoint q : f.points()) {
        boolean noWorse = true;
        boolean better = false;
        for (int j = 0; j < names.size(); j++) {
          double a = p.values().get(names.get(j));
          double b = q.values().get(names.get(j));
          double gain = maximize.get(j) ? b - a : a - b;
          noWorse &= gain >= 0;
          better |= gain > 0;
        }
        dominated |= noWorse && better;
      }
      assertEquals(!dominated, p.rank() == 1, f.scope() + ": " + p.label());
      assertTrue(p.probabilityOptimal() >= 0 && p.probabilityOptimal() <= 1);
      assertTrue(p.expectedRank() >= 1);
    }
  }

  @Test
  void theTableTheResultsFilesAndTheReportAgreeOnEveryFigure() throws Exception {
    assertEquals(8, FiguresAgree.check(MeasuredRun.get().folder()), "two models, two batches, two tiers");
  }

  @Test
  void aHalfWrittenRunIsReportedAsSuchWithWhatExists() {
    StoredRun whole = stored();
    List<StoredResult> kept = whole.results().subList(0, whole.results().size() / 2);
    Set<String> measured = new HashSet<>(kept.stream().map(StoredResult::taskId).toList());
    List<TaskRow> tasks = new ArrayList<>();
    for (TaskRow t : whole.tasks()) {
      boolean pending = t.state().equals("DONE") && !measured.contains(t.taskId());
      tasks.add(pending ? new TaskRow(t.taskId(), t.trialId(), t.tier(), t.repetition(), "QUEUED", 0, null) : t);
    }
    StoredRun half = new StoredRun(whole.runId(), whole.sweepName(), whole.sweepFile(), whole.createdAt(),
        whole.protocolVersion(), whole.tiers(), whole.repetitions(), whole.trials(), tasks, kept, whole.agents(),
        whole.exclusions());

    ReportDocument doc = ReportDocument.build(half, sweepSettings(50));

    assertTrue(doc.notes().get(0).startsWith("incomplete run: " + kept.size() + " of " + tasks.size()
        + " tasks measured"), doc.notes().get(0));
    assertEquals(false, doc.run().get("complete"));
    assertFalse(doc.frontiers().isEmpty(), "what was measured is still analysed");
    assertTrue(HtmlReport.render(doc).contains("incomplete run"));
  }

  @Test
  void aRunWithNothingMeasuredSaysSo() {
    StoredRun whole = stored();
    StoredRun none = new StoredRun(whole.runId(), whole.sweepName(), whole.sweepFile(), whole.createdAt(),
        whole.protocolVersion(), whole.tiers(), whole.repetitions(), whole.trials(), whole.tasks(), List.of(),
        whole.agents(), whole.exclusions());
    ReportDocument doc = ReportDocument.build(none, sweepSettings(50));
    assertTrue(doc.notes().contains("nothing measured yet: no frontier, recommendation or fit to show"), doc.notes()
        .toString());
    assertTrue(doc.frontiers().isEmpty());
    assertEquals(whole.trials().size() * whole.tiers().size(), doc.trials().size(), "every trial is still listed");
    assertTrue(doc.trials().stream().allMatch(t -> t.measured() == 0), "as measured by no one");
    String html = HtmlReport.render(doc);
    assertTrue(html.contains("nothing measured yet"), "the page carries the note");
    assertTrue(html.contains(whole.runId()), "and names the run");
  }

  @Test
  void anUnknownObjectiveOrABadConstraintListsTheRunsMetrics() {
    StoredRun run = stored();
    UnknownMetricException unknown = assertThrows(UnknownMetricException.class, () -> ReportDocument.build(run,
        sweepSettings(10).withObjectives(List.of("p50_ms", "accuracy"))));
    assertTrue(unknown.getMessage().contains("no variant of this run has accuracy"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("p99_ms (ms, min)"), unknown.getMessage());

    AnalysisSettings badConstraint = new AnalysisSettings(List.of(), List.of(new AnalysisSpec.RecommendSpec(true,
        written("throughput"), List.of(written("p99_ms << 5")), null)), 10, 1, 0.01);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReportDocument.build(run, badConstraint));
    assertTrue(e.getMessage().contains("'p99_ms << 5' does not parse") && e.getMessage().contains("peak_rss_mb"),
        e.getMessage());

    AnalysisSettings badTier = new AnalysisSettings(List.of(), List.of(new AnalysisSpec.RecommendSpec(true,
        written("throughput"), List.of(), written("cloud"))), 10, 1, 0.01);
    e = assertThrows(IllegalArgumentException.class, () -> ReportDocument.build(run, badTier));
    assertEquals("tier 'cloud' is not in this run; its tiers: edge, iot (or 'all')", e.getMessage());
  }

  private static dev.tierbench.common.sweep.Written written(String text) {
    return new dev.tierbench.common.sweep.Written(text, new dev.tierbench.common.yaml.Location("t.yaml", 1, 1));
  }

  @Test
  void aSweepsAnalysisIsCheckedAgainstTheMetricsBeforeAnythingRuns() throws Exception {
    var sweep = MeasuredRun.get().folder().resolve("bad.yaml");
    Files.writeString(sweep, """
        name: bad
        models: [m.tflite]
        analysis:
          objectives: [p50_ms, throughput_qps]
          recommend:
            - maximize: accuracy
              where: "p99_ms <= fast"
        """);
    YamlException e = assertThrows(YamlException.class,
        () -> AnalysisSettings.check(SweepParser.readAnalysis(sweep)));
    String message = e.getMessage();
    assertTrue(message.contains("bad.yaml:4:") && message.contains("unknown metric 'throughput_qps'"), message);
    assertTrue(message.contains("bad.yaml:7:") && message.contains("does not parse"), message);
    assertFalse(message.contains("accuracy'"), "accuracy is a metric, if not of every run: " + message);
  }

  @Test
  void theHtmlReportIsOneFileWhoseDataIsTheDocument() throws Exception {
    ReportDocument doc = ReportDocument.build(stored(), sweepSettings(50));
    String html = HtmlReport.render(doc);
    assertEquals(3, html.split("</script>", -1).length - 1, "data, Chart.js and the page's script; nothing else ends"
        + " a script element");
    assertFalse(html.contains("sourceMappingURL"), "no request for a source map");
    assertFalse(html.matches("(?s).*<(script|link|img)[^>]+(src|href)=\"(?!data:).*"),
        "nothing loaded from elsewhere");
    String open = "<script type=\"application/json\" id=\"report-data\">";
    int start = html.indexOf(open) + open.length();
    String data = html.substring(start, html.indexOf("</script>", start)).replace("<\\/", "</");
    JsonNode embedded = new ObjectMapper().readTree(data);
    assertEquals(new ObjectMapper().readTree(Json.text(doc)), embedded);
    assertEquals("{\"note\": \"<\\/script><script>alert(1)<\\/script>\"}",
        HtmlReport.inlineScript("{\"note\": \"</script><script>alert(1)</script>\"}"), "a note cannot end the data");
  }
}
