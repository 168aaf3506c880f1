package dev.tierbench.coordinator.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.common.yaml.YamlException;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.LocalFleet;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.Variants;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.preparation.Preparation;
import dev.tierbench.coordinator.report.AnalysisSettings;
import dev.tierbench.coordinator.report.ReportDocument;
import dev.tierbench.coordinator.store.StoredResult;
import dev.tierbench.coordinator.store.StoredRun;

/**
 * A sweep of trained MLPs, end to end: the coordinator trains each width on breast cancer, an agent times each
 * variant and scores it on the held-out test split through the same interpreter, the stored accuracy reaches
 * the analysis (and becomes a default objective), and a second plan of the same sweep trains nothing.
 */
class TrainedSweepTest {

  @TempDir
  Path dir;

  private Path sweep(String train) throws Exception {
    Files.createSymbolicLink(dir.resolve("data"), Fixtures.ROOT.resolve("configs/data"));
    Path file = dir.resolve("trained.yaml");
    Files.writeString(file, """
        name: trained
        models:
          - generate: mlp
            name: cancer
            params: {depth: 2, width: [4, 32], quantize: [float32, int8]}
            train: %s
        tiers: [edge]
        repetitions: 2
        measurement: {warmup: 2, min-duration: 0s, min-queries: 20, max-duration: 10s}
        """.formatted(train));
    return file;
  }

  @Test
  void trainedVariantsAreTimedAndScoredOnTheirTestSplitByTheAgent() throws Exception {
    Path file = sweep("{dataset: breast_cancer, epochs: 30, learning-rate: 0.01}");
    Path cache = dir.resolve("cache");
    Plan plan = Preparation.plan(SweepParser.parse(file), cache);
    assertEquals(4, plan.evaluations().size(), "a held-out set for every trained variant");
    assertEquals(1, plan.evaluations().values().stream().map(e -> e.ref().sha256()).distinct().count(),
        "the same test split for all of them");
    Path record = Files.list(cache.resolve("trained")).filter(p -> p.toString().endsWith(".json")).findFirst()
        .orElseThrow();
    long trainedAt = Files.getLastModifiedTime(record).toMillis();
    Plan again = Preparation.plan(SweepParser.parse(file), cache);
    assertEquals(plan.models().get(3).sha256(), again.models().get(3).sha256(), "the same trained bytes");
    assertEquals(trainedAt, Files.getLastModifiedTime(record).toMillis(), "trained once, then taken from the cache");

    StoredRun run;
    try (LocalFleet fleet = LocalFleet.start(dir, "edge")) {
      run = fleet.run("trained", plan);
    }
    assertEquals(8, run.results().size());
    for (StoredResult r : run.results()) {
      Evaluation e = r.evaluation();
      assertNotNull(e, r.taskId());
      assertEquals(113, e.samples(), "20 % of each class: 42 of 212 malignant, 71 of 357 benign");
      assertEquals("breast_cancer-test", e.dataset());
    }
    List<Variant> variants = Variants.of(run);
    Variant wide = variants.stream().filter(v -> v.model().equals("cancer-width32-quantizefloat32")).findFirst()
        .orElseThrow();
    Variant wideInt8 = variants.stream().filter(v -> v.model().equals("cancer-width32-quantizeint8")).findFirst()
        .orElseThrow();
    System.out.printf("trained breast_cancer MLPs, accuracy on the test split through TFLite on the agent: %s%n",
        variants.stream().map(v -> v.model() + " " + v.accuracy().correct() + "/" + v.accuracy().total()).toList());
    assertTrue(wide.accuracy().ratio() >= 0.93, "width 32: " + wide.accuracy());
    assertTrue(wide.trainingSeconds() > 0 && wide.trainingFlops() > 0, "training cost is recorded");
    assertTrue(dev.tierbench.coordinator.analysis.MetricCatalog.available(variants).stream()
        .map(dev.tierbench.coordinator.analysis.Metric::name).toList().containsAll(List.of("accuracy", "training_s",
            "training_flops")));
    assertEquals("breast_cancer, 30 epochs at learning rate 0.01, stratified split seed 1 (343 train, 113 test)",
        run.trials().get(0).training().trainedOn(), "the split is on record");
    assertTrue(Math.abs(wide.accuracy().ratio() - wideInt8.accuracy().ratio()) <= 0.03,
        "int8 costs little accuracy here: " + wide.accuracy() + " vs " + wideInt8.accuracy());
    ReportDocument report = ReportDocument.build(run, AnalysisSettings.defaults(
        dev.tierbench.common.sweep.AnalysisSpec.DEFAULT));
    assertEquals(List.of("accuracy:max", "p50_ms:min"), report.objectives(), "measured accuracy is an objective");
    assertEquals(2, report.quantization().size(), "each int8 variant against its float32 twin");
    var cost = report.quantization().stream().filter(c -> c.model().equals("cancer-width32-quantizeint8"))
        .findFirst().orElseThrow();
    assertEquals("cancer-width32-quantizefloat32", cost.floatModel());
    assertEquals(wide.accuracy().ratio() - wideInt8.accuracy().ratio(), cost.drop(), 1e-12);
    System.out.printf("int8 cost: %s%n", report.quantization());
    assertTrue(Files.readString(dir.resolve("runs/trained/results.csv")).contains(",breast_cancer-test,113,"));
  }

  @Test
  void regressionVariantsAreScoredWithR2AndMaeThatTheAnalysisBootstraps() throws Exception {
    Files.createSymbolicLink(dir.resolve("data"), Fixtures.ROOT.resolve("configs/data"));
    Path file = dir.resolve("diabetes.yaml");
    Files.writeString(file, """
        name: diabetes
        models:
          - generate: mlp
            name: diabetes
            params: {depth: 1, width: 16}
            train: {dataset: diabetes, epochs: 60, learning-rate: 0.05, batch: 16, seed: 3}
        axes: {batch: [1, 8]}
        repetitions: 2
        measurement: {warmup: 2, min-duration: 0s, min-queries: 20, max-duration: 10s}
        """);
    Plan plan = Preparation.plan(SweepParser.parse(file), dir.resolve("cache"));
    StoredRun run;
    try (LocalFleet fleet = LocalFleet.start(dir, "local")) {
      run = fleet.run("diabetes", plan);
    }
    List<Variant> variants = Variants.of(run);
    assertEquals(2, variants.size(), "batch 1 and batch 8");
    var r2 = dev.tierbench.coordinator.analysis.MetricCatalog.find("r2").orElseThrow();
    for (Variant v : variants) {
      assertEquals(88, v.regression().samples(), "20 % of 442, rounded");
      assertTrue(r2.value(v) > 0.3, "R² " + r2.value(v));
    }
    assertEquals(r2.value(variants.get(0)), r2.value(variants.get(1)), 1e-6,
        "batch 8 pads its last query; the padding is not scored, so both batch sizes score alike");
    ReportDocument report = ReportDocument.build(run, AnalysisSettings.defaults(
        dev.tierbench.common.sweep.AnalysisSpec.DEFAULT));
    assertEquals(List.of("r2:max", "p50_ms:min"), report.objectives());
    var best = report.recommendations().get(0).best();
    var interval = best.figures().get("r2");
    System.out.printf("diabetes MLP 1x16: R² %.3f, 95 %% bootstrap interval %.3f .. %.3f%n", interval.estimate(),
        interval.low(), interval.high());
    assertTrue(interval.low() < interval.estimate() && interval.estimate() < interval.high(),
        "a bootstrap interval around R²: " + interval);
  }

  @Test
  void aVariantWhoseTrainingDivergesFailsItsTasksAndTheRestIsPlanned() throws Exception {
    StringBuilder csv = new StringBuilder("a,b,y\n");
    for (int i = 1; i <= 20; i++) {
      csv.append(i).append("e30,").append(i).append("e30,").append(i).append("e30\n");
    }
    Files.writeString(dir.resolve("huge.csv"), csv.toString());
    Files.createSymbolicLink(dir.resolve("data"), Fixtures.ROOT.resolve("configs/data"));
    Path file = dir.resolve("mixed.yaml");
    Files.writeString(file, """
        name: mixed
        models:
          - generate: mlp
            name: huge
            params: {task: regress, depth: 1, width: 4}
            train: {dataset: huge.csv, label: y, epochs: 2}
          - generate: mlp
            name: cancer
            params: {depth: 1, width: 8}
            train: {dataset: breast_cancer, epochs: 5}
        """);
    Plan plan = Preparation.plan(SweepParser.parse(file), dir.resolve("cache"));
    var huge = plan.tasks().stream().filter(t -> t.trial().model().name().equals("huge")).findFirst().orElseThrow();
    var cancer = plan.tasks().stream().filter(t -> t.trial().model().name().equals("cancer")).findFirst()
        .orElseThrow();
    assertTrue(!plan.check(huge).ok() && plan.check(huge).problem().startsWith("training huge on huge.csv: training"
        + " diverged at epoch 1"), plan.check(huge).problem());
    assertTrue(plan.check(cancer).ok());
    assertNotNull(plan.evaluation(cancer.trial()));
  }

  @Test
  void aDatasetThatDoesNotFitIsNamedWhereTheSweepDeclaresIt() throws Exception {
    Path file = sweep("{dataset: flowers.csv, label: species}");
    Files.writeString(dir.resolve("flowers.csv"), "petal,kind\n1.5,rose\n");
    YamlException e = assertThrows(YamlException.class, () -> Preparation.plan(SweepParser.parse(file), dir.resolve("c")));
    assertTrue(e.getMessage().contains("trained.yaml:6:") && e.getMessage().contains("no column 'species'"),
        e.getMessage());
  }

  @Test
  void everyDatasetIsCheckedBeforeAnyVariantTrains() throws Exception {
    Files.createSymbolicLink(dir.resolve("data"), Fixtures.ROOT.resolve("configs/data"));
    Files.writeString(dir.resolve("words.csv"), "word,lang\nhello,en\n");
    Path file = dir.resolve("two.yaml");
    Files.writeString(file, """
        name: two
        models:
          - generate: mlp
            params: {width: 8}
            train: {dataset: breast_cancer, epochs: 1}
          - generate: encoder
            params: {layers: 1}
            train: {dataset: words.csv, label: language, epochs: 1}
        """);
    Path cache = dir.resolve("cache");
    YamlException e = assertThrows(YamlException.class, () -> Preparation.plan(SweepParser.parse(file), cache));
    assertTrue(e.getMessage().contains("two.yaml:8:") && e.getMessage().contains("words.csv:1: a text dataset has two"
        + " columns, the text and 'language'"), e.getMessage());
    assertTrue(!Files.exists(cache.resolve("trained")), "the first variant was not trained before the second failed");
  }
}
