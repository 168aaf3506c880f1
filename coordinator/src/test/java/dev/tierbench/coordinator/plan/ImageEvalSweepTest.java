package dev.tierbench.coordinator.plan;

import static dev.tierbench.common.cli.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.agent.Agent;
import dev.tierbench.agent.AgentSettings;
import dev.tierbench.agent.Outbox;
import dev.tierbench.agent.runtime.TfliteRuntime;
import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.common.cluster.Clusters;
import dev.tierbench.common.protocol.Evaluation;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.common.yaml.YamlException;
import dev.tierbench.coordinator.Coordinator;
import dev.tierbench.coordinator.CoordinatorSettings;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.store.ResultStore;
import io.vertx.core.Vertx;

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
    Vertx vertx = Clusters.local();
    try {
      Coordinator coordinator = new Coordinator(new CoordinatorSettings("c", "127.0.0.1", 0, Duration.ofMillis(200),
          Duration.ofSeconds(5), Duration.ofMillis(500), 2, dir.resolve("runs")), Clock.systemUTC());
      await(vertx.deployVerticle(coordinator), Duration.ofSeconds(30), "coordinator");
      await(vertx.deployVerticle(new Agent(new AgentSettings("local-1", "local", Map.of(), dir.resolve("agent"),
          dir.resolve("device.lock"), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofDays(1)),
          TfliteRuntime.start(), SystemMonitor.off(), new Outbox())), Duration.ofSeconds(30), "agent");
      await(coordinator.submit("images", plan, dir.resolve("runs/images")), Duration.ofMinutes(2), "run");
    } finally {
      await(vertx.close(), Duration.ofSeconds(30), "close");
    }
    try (ResultStore store = ResultStore.openExisting(dir.resolve("runs/images/results.db"))) {
      Evaluation e = store.load().results().get(0).evaluation();
      // The 0.25-width MobileNet gets the burger (as tflite-support's tests document), not Grace Hopper.
      assertEquals(2, e.samples());
      assertEquals(1, e.correct(), e.toString());
    }
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
