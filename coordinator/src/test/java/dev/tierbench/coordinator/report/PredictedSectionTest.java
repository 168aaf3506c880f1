package dev.tierbench.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.coordinator.MeasuredRun;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.Variants;
import dev.tierbench.coordinator.pareto.FrontierPoint;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.store.RunReader;
import dev.tierbench.coordinator.store.StoredRun;

/** The predicted section of a measured run with one variant skipped: its figures, kept apart from the measured ones. */
class PredictedSectionTest {

  private static StoredRun stored() {
    return RunReader.read(MeasuredRun.get().folder().resolve(RunFolders.DATABASE));
  }

  private static AnalysisSettings settings() {
    return AnalysisSettings.of(RunFolders.analysis(MeasuredRun.get().folder()), 50, 7, 0.01);
  }

  @Test
  void aSkippedVariantIsPredictedLabelledAsMeasuredOnesAreAndNowhereTakenForAMeasurement() throws Exception {
    StoredRun whole = stored();
    String skipped = Skipped.variant(whole, "mobilenet", 2, "iot");
    StoredRun run = Skipped.skipping(whole, skipped);
    assertEquals(2, run.skippedTasks(), "both repetitions");

    ReportDocument doc = ReportDocument.build(run, settings());
    PredictedSection section = doc.predictions();

    assertEquals(whole.results().size() - 2, section.measuredTasks());
    assertEquals(whole.tasks().size(), section.tasks());
    assertTrue(section.lead().startsWith("This run measured " + section.measuredTasks() + " of " + section.tasks()
        + " tasks; the other 1 variants are predicted"), section.lead());
    assertEquals(List.of(skipped), section.predicted().stream().map(PredictedSection.Row::variantId).toList(),
        "the truncated model cannot be inspected: nothing to predict it from");
    PredictedSection.Row row = section.predicted().get(0);
    List<Variant> measured = Variants.of(whole);
    Variant asMeasured = measured.stream().filter(v -> v.id().equals(skipped)).findFirst().orElseThrow();
    assertEquals(asMeasured.label(Variants.varyingAxes(measured)), row.label());
    assertTrue(row.lowMs() <= row.p50Ms() && row.p50Ms() <= row.highMs(), row.toString());
    assertTrue(row.basis().contains("edge"), "iot keeps 3 measured variants: predicted from edge's model, "
        + row.basis());

    assertEquals(List.of("edge", "iot"), section.models().stream().map(PredictedSection.Model::tier).toList());
    assertEquals(List.of(4, 3), section.models().stream().map(PredictedSection.Model::measured).toList());
    assertTrue(section.models().stream().allMatch(m -> Double.isNaN(m.heldOutError())), "too few to cross-validate");
    assertEquals(List.of(), section.transfers(), "iot has too few measurements to test a transfer on");

    for (var frontier : doc.frontiers()) {
      assertFalse(frontier.points().stream().map(FrontierPoint::variantId).anyMatch(skipped::equals), frontier.scope());
    }
    assertEquals(0, doc.trials().stream().filter(t -> Variant.id(t.trialId(), t.tier()).equals(skipped))
        .findFirst().orElseThrow().measured(), "the results table shows it as not measured");
    doc.plots().forEach(p -> p.series().forEach(s -> assertFalse(s.points().stream()
        .anyMatch(pt -> pt.id().equals(skipped)), p.id() + " draws the predicted variant as measured")));

    JsonNode json = new ObjectMapper().readTree(Json.text(doc)).get("predictions");
    assertEquals(Set.of("variantId", "trialId", "tier", "label", "p50Ms", "lowMs", "highMs", "basis"),
        fields(json.get("predicted").get(0)));
    assertEquals(row.p50Ms(), json.get("predicted").get(0).get("p50Ms").asDouble());
    JsonNode model = json.get("models").get(0);
    assertEquals(Set.of("tier", "engine", "scenario", "measured", "heldOutError", "basis"), fields(model));
    assertTrue(model.get("heldOutError").isNull(), "NaN as null: " + model);
  }

  @Test
  void aWholeRunHasNothingToPredictButSaysHowWellEachTierPredictsTheOther() throws Exception {
    ReportDocument doc = ReportDocument.build(stored(), settings());
    PredictedSection section = doc.predictions();

    assertEquals(List.of(), section.predicted());
    assertEquals(2, section.models().size());
    assertEquals(List.of("edge>iot", "iot>edge"), section.transfers().stream().map(t -> t.from() + ">" + t.to())
        .toList());
    for (PredictedSection.Transfer t : section.transfers()) {
      assertEquals(4, t.variants());
      assertTrue(Double.isNaN(t.calibratedError()), "only edge is calibrated");
      assertTrue(t.fewShotError() >= 0, t.toString());
    }
    JsonNode transfer = new ObjectMapper().readTree(Json.text(doc)).get("predictions").get("transfers").get(0);
    assertEquals(Set.of("from", "to", "engine", "scenario", "variants", "calibratedError", "fewShotError"),
        fields(transfer));
    assertTrue(transfer.get("calibratedError").isNull(), transfer.toString());
    assertTrue(transfer.get("fewShotError").isNumber(), transfer.toString());
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
