package dev.tierbench.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.common.yaml.YamlException;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.LocalFleet;

/** A real MobileNet file scored on labelled images named in the sweep, by a real agent after timing it. */
class ImageEvalSweepTest {

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
        repetitions: 1
        measurement: {warmup: 2, min-duration: 0s, min-queries: 10, max-duration: 10s}
        """.formatted(Fixtures.MOBILENET, IMAGENET.resolve("images"), labels));
    return file;
  }

  @Test
  void theModelIsScoredOnTheImagesAtItsOwnInputSize() throws Exception {
    Plan plan = Plan.of(SweepParser.parse(sweep(IMAGENET.resolve("mobilenet_labels_1001.txt").toString())),
        dir.resolve("cache"));
    assertEquals("images", plan.evaluation(plan.trials().get(0)).name());
    Evaluation e;
    try (LocalFleet fleet = LocalFleet.start(dir, "local")) {
      e = fleet.run("images", plan).results().get(0).evaluation();
    }
    // The 0.25-width MobileNet gets the burger (as tflite-support's tests document), not Grace Hopper.
    assertEquals(2, e.samples());
    assertEquals(1, e.correct(), e.toString());
  }

  @Test
  void labelsThatDoNotNameTheFoldersAreAnErrorWhereTheSweepSaysSo() throws Exception {
    Path labels = dir.resolve("labels.txt");
    Files.writeString(labels, "background\ncat\n");
    YamlException e = assertThrows(YamlException.class, () -> Plan.of(SweepParser.parse(sweep(labels.toString())),
        dir.resolve("cache")));
    assertTrue(e.getMessage().contains("images.yaml:5:") && e.getMessage().contains("'cheeseburger' is not one of the"
        + " model's 2 labels"), e.getMessage());
  }
}
