package dev.tierbench.coordinator.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.LocalFleet;
import dev.tierbench.coordinator.preparation.Preparation;
import dev.tierbench.coordinator.report.RunReport;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.store.RunReader;

/** Runs submitted to a coordinator with one real in-process agent: queued, prepared, run side by side, cancelled. */
class RunServiceTest {

  @TempDir
  Path dir;

  private static final String SWEEP = """
      name: %s
      models: [%s]
      tiers: [edge]
      repetitions: %d
      measurement: {warmup: 2, min-duration: %s, min-queries: 5, max-duration: 30s}
      """;

  @Test
  void queuedRunsArePreparedRunAndReportedAndACancelledOneKeepsWhatItMeasured() throws Exception {
    try (LocalFleet fleet = LocalFleet.start(dir, "edge"); QueueStore queue = QueueStore.open(runs());
        RunService service = service(fleet, queue, 4)) {
      service.start();
      QueuedRun quick = service.submit("quick", "alice", 1, sweep("quick", 2, "0s"));
      QueuedRun slow = service.submit("slow", "bob", 1, sweep("slow", 20, "1s"));
      QueuedRun never = service.submit("never", "bob", 1, sweep("never", 1, "0s"));
      assertEquals(List.of("quick-1", "slow-2", "never-3"), List.of(quick.id(), slow.id(), never.id()));

      assertEquals(RunStatus.CANCELLED, service.cancel(never.id(), "carol").orElseThrow().status(),
          "a queued run is cancelled at once");
      QueuedRun done = await(service, quick.id(), r -> r.status().ended());
      assertEquals(RunStatus.DONE, done.status(), done.toString());
      assertTrue(Files.exists(runs().resolve(quick.id()).resolve(RunFolders.REPORT_HTML)), "its report is written");

      await(service, slow.id(), r -> r.status() == RunStatus.RUNNING && measured(slow.id()) >= 1);
      service.cancel(slow.id(), "bob");
      QueuedRun cancelled = await(service, slow.id(), r -> r.status().ended());
      assertEquals(RunStatus.CANCELLED, cancelled.status());
      assertEquals("cancelled by bob", cancelled.reason());
      int kept = measured(slow.id());
      assertTrue(kept >= 1 && kept < 20, "what was measured is kept, the rest is not measured: " + kept);
      assertEquals(RunStatus.CANCELLED, service.run(never.id()).orElseThrow().status());
      assertTrue(Files.notExists(runs().resolve(never.id()).resolve(RunFolders.DATABASE)), "never prepared nor run");
    }
  }

  @Test
  void aRunThatCannotBePreparedFailsWithTheReasonAndTheNextOneRuns() throws Exception {
    try (LocalFleet fleet = LocalFleet.start(dir, "edge"); QueueStore queue = QueueStore.open(runs());
        RunService service = service(fleet, queue, 1)) {
      service.start();
      QueuedRun broken = service.submit("broken", "alice", 1, folder -> {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(RunFolders.SWEEP_COPY), "name: broken\nmodels: [missing.tflite]\n");
      });
      QueuedRun fine = service.submit("fine", "alice", 1, sweep("fine", 1, "0s"));
      QueuedRun failed = await(service, broken.id(), r -> r.status().ended());
      assertEquals(RunStatus.QUEUED, service.submit("later", "alice", 1, sweep("later", 1, "0s")).status());
      assertEquals(RunStatus.FAILED, failed.status());
      assertTrue(failed.reason().contains("model file 'missing.tflite' not found"), failed.reason());
      assertEquals(RunStatus.DONE, await(service, fine.id(), r -> r.status().ended()).status());
    }
  }

  @Test
  void beyondMaxRunsARunWaitsInTheQueueUntilOneEnds() throws Exception {
    try (LocalFleet fleet = LocalFleet.start(dir, "edge"); QueueStore queue = QueueStore.open(runs());
        RunService service = service(fleet, queue, 1)) {
      service.start();
      QueuedRun first = service.submit("first", "alice", 1, sweep("first", 3, "500ms"));
      QueuedRun second = service.submit("second", "alice", 1, sweep("second", 1, "0s"));
      await(service, first.id(), r -> r.status() == RunStatus.RUNNING);
      assertEquals(RunStatus.QUEUED, service.run(second.id()).orElseThrow().status(), "max-runs 1: it waits");
      QueuedRun ended = await(service, second.id(), r -> r.status().ended());
      assertEquals(RunStatus.DONE, ended.status());
      assertTrue(!ended.startedAt().isBefore(service.run(first.id()).orElseThrow().endedAt()),
          "it started once the first had ended");
    }
  }

  private Path runs() {
    return dir.resolve("runs");
  }

  private RunService service(LocalFleet fleet, QueueStore queue, int maxRuns) {
    return new RunService(fleet.coordinator(), queue, runs(),
        (folder, training) -> Preparation.plan(SweepParser.parse(folder.resolve(RunFolders.SWEEP_COPY))),
        (run, plan, outcome) -> RunReport.write(outcome.folder(), plan.sweep().analysis()), Clock.systemUTC(), maxRuns);
  }

  private static RunService.FolderWriter sweep(String name, int repetitions, String minDuration) {
    return folder -> {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve(RunFolders.SWEEP_COPY), SWEEP.formatted(name, Fixtures.KWS, repetitions,
          minDuration));
    };
  }

  private int measured(String runId) {
    Path db = runs().resolve(runId).resolve(RunFolders.DATABASE);
    if (Files.notExists(db)) {
      return 0;
    }
    try (RunReader reader = RunReader.open(db)) {
      return (int) reader.tasks().stream().filter(t -> t.state().equals("DONE")).count();
    }
  }

  private static QueuedRun await(RunService service, String id, Predicate<QueuedRun> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      QueuedRun run = service.run(id).orElseThrow();
      if (condition.test(run)) {
        return run;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("run " + id + " stayed " + run);
      }
      Thread.sleep(50);
    }
  }
}
