package dev.tierbench.coordinator.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.EngineInfo;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.CoordinatorSettings;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.TestClock;
import dev.tierbench.coordinator.lease.Resumption;
import dev.tierbench.coordinator.metrics.CoordinatorMetrics;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.preparation.Preparation;
import dev.tierbench.coordinator.store.RunReader;
import dev.tierbench.coordinator.store.StoredAttempts;
import dev.tierbench.coordinator.store.RunWriter;
import dev.tierbench.coordinator.store.TaskRow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The core's events recorded into a real SQLite store and real counters: every failure counted and stored alike. */
class RunRecorderTest {

  private static final Duration LEASE = Duration.ofSeconds(5);
  private static final Duration LOST_AFTER = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private final TestClock clock = new TestClock();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final RunRecorder recorder = new RunRecorder(new CoordinatorMetrics(registry, false),
      (store, write) -> write.run());
  private final RunCore core = new RunCore(new CoordinatorSettings("t", "127.0.0.1", 0, Duration.ofSeconds(1), LEASE,
      Duration.ofSeconds(1), 2, LOST_AFTER, dir, null), clock, recorder);

  private double count(String counter, String tier) {
    return registry.get(counter).tag("tier", tier).counter().count();
  }

  @Test
  void failuresWithAndWithoutAnAttemptAreCountedAndStoredAlike() throws Exception {
    Path broken = Fixtures.truncated(Fixtures.KWS, 3, dir, "broken.tflite");
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, "name: t\nmodels: [" + broken + ", " + Fixtures.KWS + "]\ntiers: [edge]\nrepetitions: 3\n");
    Plan plan = Preparation.plan(SweepParser.parse(sweep));

    try (RunWriter store = RunWriter.open(dir.resolve("results.db"));
        RunReader stored = RunReader.open(dir.resolve("results.db"))) {
      store.savePlan("r", plan, clock.instant());
      recorder.recordInto("r", store);
      core.register(new AgentInfo("e", "edge", "host", "Linux", "amd64", 4, 1L << 30, "17",
          List.of(EngineInfo.running(Engine.TFLITE, "2.20.0")), Map.of()), List.of());
      core.start("r", plan, dir, Resumption.NONE);
      String leased = core.lease("e").orElseThrow().task().taskId();
      clock.advance(LEASE.plusMillis(1));
      core.tick();
      clock.advance(LOST_AFTER);
      core.tick();

      assertEquals(1, count("tierbench.leases.expired", "edge"));
      assertEquals(1, count("tierbench.tasks.requeued", "edge"));
      assertEquals(6, count("tierbench.task.failures", "edge"),
          "3 tasks of the broken model at the start, then the 3 left queued when the tier fell silent");
      assertEquals(List.of("EXPIRED"), StoredAttempts.outcomes(dir.resolve("results.db"), leased));
      List<TaskRow> tasks = stored.tasks();
      assertEquals(6, tasks.size());
      assertTrue(tasks.stream().allMatch(t -> t.state().equals("FAILED")), tasks.toString());
      assertEquals(3, tasks.stream().filter(t -> t.reason().startsWith("broken.tflite: truncated")).count());
      assertEquals(3, tasks.stream().filter(t -> t.reason().startsWith("agent lost: no agent of tier edge")).count());
      assertEquals(1, core.finishDone().size());
    }
  }
}
