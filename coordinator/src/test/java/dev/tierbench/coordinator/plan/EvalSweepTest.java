package dev.tierbench.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.common.yaml.YamlException;
import dev.tierbench.coordinator.report.FiguresAgree;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.LocalFleet;
import dev.tierbench.coordinator.preparation.Preparation;

/**
 * Model files scored on labelled data named in the sweep, by a real agent after timing them: a real MobileNet
 * on images, a generated MLP on a CSV.
 */
class EvalSweepTest {

  private static final Path IMAGENET = Fixtures.ROOT.resolve("agent/src/test/resources/imagenet");

  @TempDir
  Path dir;

  private Path sweep(String labels) throws Exception {
    Path file = dir.resolve("images.yaml");
    Files.writeString(file, """
        name: images
        models:
          - path: %s
            name: mobilenet
            eval: {images: %s, labels: %s}
          - path: %s
            name: mobilenet-uint8
            eval: {images: %s, labels: %s}
        repetitions: 1
        measurement: {warmup: 2, min-duration: 0s, min-queries: 10, max-duration: 10s}
        """.formatted(Fixtures.MOBILENET, IMAGENET.resolve("images"), labels,
        IMAGENET.resolve("mobilenet_v1_0.25_224_quant.tflite"), IMAGENET.resolve("images"), labels));
    return file;
  }

  @Test
  void theModelIsScoredOnTheImagesAtItsOwnInputSize() throws Exception {
    Plan plan = Preparation.plan(SweepParser.parse(sweep(IMAGENET.resolve("mobilenet_labels_1001.txt").toString())),
        dir.resolve("cache"));
    assertEquals("images", plan.evaluation(plan.trials().get(0)).name());
    dev.tierbench.coordinator.store.StoredRun run;
    try (LocalFleet fleet = LocalFleet.start(dir, "local")) {
      run = fleet.run("images", plan);
    }
    Evaluation e = run.results().stream()
        .filter(r -> run.trial(r.trialId()).model().name().equals("mobilenet")).findFirst().orElseThrow()
        .evaluation();
    // The 0.25-width MobileNet gets the burger (as tflite-support's tests document), not Grace Hopper.
    assertEquals(2, e.samples());
    assertEquals(1, e.correct(), e.toString());
    var agreement = dev.tierbench.coordinator.evaluation.Agreement.of(run);
    assertEquals(1, agreement.size(), "the uint8 model against the float one, the reference listed first");
    assertEquals("mobilenet", agreement.get(0).reference());
    assertEquals("mobilenet-uint8", agreement.get(0).model());
    System.out.printf("uint8 vs float MobileNet v1 0.25 on the sample images: %.0f %% same top-1%n",
        100 * agreement.get(0).agreement());
    assertTrue(agreement.get(0).agreement() >= 0.5, "both get the burger right: " + agreement.get(0));
    assertEquals(2, FiguresAgree.check(dir.resolve("runs/images")), "every figure agrees, accuracy included");
  }

  @Test
  void imagesWithoutLabelsCompareVariantsAndClaimNoAccuracy() throws Exception {
    Path flat = Files.createDirectories(dir.resolve("my photos"));
    Files.copy(IMAGENET.resolve("images/cheeseburger/burger.jpg"), flat.resolve("burger.jpg"));
    Files.copy(IMAGENET.resolve("images/military uniform/grace_hopper.bmp"), flat.resolve("grace_hopper.bmp"));
    Path file = dir.resolve("unlabelled.yaml");
    Files.writeString(file, """
        name: unlabelled
        models:
          - path: %s
            name: mobilenet
            eval: {images: my photos}
          - path: %s
            name: mobilenet-uint8
            eval: {images: my photos}
        repetitions: 1
        measurement: {warmup: 2, min-duration: 0s, min-queries: 10, max-duration: 10s}
        """.formatted(Fixtures.MOBILENET, IMAGENET.resolve("mobilenet_v1_0.25_224_quant.tflite")));
    Plan plan = Preparation.plan(SweepParser.parse(file), dir.resolve("cache"));
    dev.tierbench.coordinator.store.StoredRun run;
    try (LocalFleet fleet = LocalFleet.start(dir, "local")) {
      run = fleet.run("unlabelled", plan);
    }
    for (var r : run.results()) {
      Evaluation e = r.evaluation();
      assertEquals(2, e.samples(), e.toString());
      assertTrue(!e.labelled() && e.correct() == 0 && Double.isNaN(e.macroF1()), "no accuracy invented: " + e);
      assertEquals(2, e.predictions().length, "its answers are kept to compare");
    }
    var variants = dev.tierbench.coordinator.analysis.Variants.of(run);
    assertTrue(variants.stream().allMatch(v -> v.accuracy() == null), "accuracy not available");
    var agreement = dev.tierbench.coordinator.evaluation.Agreement.of(run);
    assertEquals(1, agreement.size(), agreement.toString());
    assertEquals("my photos", agreement.get(0).dataset());
    assertTrue(agreement.get(0).agreement() >= 0 && agreement.get(0).agreement() <= 1, agreement.toString());
    assertEquals(2, FiguresAgree.check(dir.resolve("runs/unlabelled")), "every figure agrees: no accuracy anywhere");

    Path labelled = dir.resolve("labelled-without-labels.yaml");
    Files.writeString(labelled, Files.readString(file).replace("my photos", IMAGENET.resolve("images").toString()));
    YamlException e = assertThrows(YamlException.class, () -> Preparation.plan(SweepParser.parse(labelled), dir.resolve("c")));
    assertTrue(e.getMessage().contains("labelled-without-labels.yaml:5:")
        && e.getMessage().contains("images in folders named by label need the model's labels"), e.getMessage());
  }

  @Test
  void labelsThatDoNotNameTheFoldersAreAnErrorWhereTheSweepSaysSo() throws Exception {
    Path labels = dir.resolve("labels.txt");
    Files.writeString(labels, "background\ncat\n");
    YamlException e = assertThrows(YamlException.class, () -> Preparation.plan(SweepParser.parse(sweep(labels.toString())),
        dir.resolve("cache")));
    assertTrue(e.getMessage().contains("images.yaml:5:") && e.getMessage().contains("'cheeseburger' is not one of the"
        + " model's 2 labels"), e.getMessage());
  }

  @Test
  void aModelFileIsScoredOnACsvWhoseClassesFollowTheModelsLabels() throws Exception {
    Path model = dir.resolve("mlp.tflite");
    Files.write(model, dev.tierbench.common.generate.Generators.generate("mlp", Map.of("inputs", "4", "outputs", "3"))
        .file());
    Files.writeString(dir.resolve("flowers.csv"), "a,b,c,d,species\n1,2,3,4,rose\n0,1,0,1,iris\n2,2,2,2,tulip\n");
    Files.writeString(dir.resolve("labels.txt"), "tulip\nrose\niris\n");
    Path file = dir.resolve("csv.yaml");
    Files.writeString(file, """
        name: csv
        models:
          - path: mlp.tflite
            eval: {csv: flowers.csv, label: species, labels: labels.txt}
        measurement: {warmup: 2, min-duration: 0s, min-queries: 10, max-duration: 10s}
        """);
    Plan plan = Preparation.plan(SweepParser.parse(file), dir.resolve("cache"));
    Evaluation e;
    try (LocalFleet fleet = LocalFleet.start(dir, "local")) {
      e = fleet.run("csv", plan).results().get(0).evaluation();
    }
    assertEquals(3, e.samples());
    assertEquals(3, e.classes(), "the classes of labels.txt, in its order");

    Files.writeString(dir.resolve("flowers.csv"), "a,b,c,species\n1,2,3,rose\n");
    YamlException wide = assertThrows(YamlException.class, () -> Preparation.plan(SweepParser.parse(file), dir.resolve("c")));
    assertTrue(wide.getMessage().contains("flowers.csv has 3 features per sample but the model's input [1, 4] takes 4"),
        wide.getMessage());
    Files.writeString(dir.resolve("flowers.csv"), "a,b,c,d,species\n1,2,3,4,lily\n");
    YamlException unknown = assertThrows(YamlException.class, () -> Preparation.plan(SweepParser.parse(file),
        dir.resolve("c")));
    assertTrue(unknown.getMessage().contains("flowers.csv:2: label 'lily' is not one of the model's 3 labels"),
        unknown.getMessage());
  }

  @Test
  void aLabelFileThatIsADeviceIsRefusedAtTheSweepsLineWithoutBeingRead() throws Exception {
    YamlException e = assertThrows(YamlException.class, () -> Preparation.plan(SweepParser.parse(sweep("/dev/zero")),
        dir.resolve("cache")));
    assertTrue(e.getMessage().startsWith(dir.resolve("images.yaml") + ":5:"), e.getMessage());
    assertTrue(e.getMessage().endsWith("mobilenet: /dev/zero: is a character device, not a regular file, so it"
        + " cannot be a label file"), e.getMessage());
  }
}
