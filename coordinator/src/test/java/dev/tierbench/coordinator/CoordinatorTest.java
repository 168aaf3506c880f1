package dev.tierbench.coordinator;

import static dev.tierbench.common.cli.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.agent.Agent;
import dev.tierbench.agent.AgentSettings;
import dev.tierbench.agent.Outbox;
import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.agent.host.HostInfo;
import dev.tierbench.agent.runtime.Engines;
import dev.tierbench.agent.runtime.TfliteRuntime;
import dev.tierbench.common.cluster.Clusters;
import dev.tierbench.common.protocol.Ack;
import dev.tierbench.common.protocol.Addresses;
import dev.tierbench.common.protocol.EncodedHistogram;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.EngineInfo;
import dev.tierbench.common.protocol.LeaseRequest;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.Protocol;
import dev.tierbench.common.protocol.Register;
import dev.tierbench.common.protocol.TaskAssignment;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.stats.Histograms;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.preparation.Preparation;
import dev.tierbench.coordinator.report.RunReport;
import dev.tierbench.coordinator.run.RunOutcome;
import dev.tierbench.coordinator.store.RunReader;
import dev.tierbench.coordinator.store.StoredAttempts;
import dev.tierbench.coordinator.store.StoredResult;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;

/** The coordinator with real in-process agents on a local event bus: fast checks of the whole flow. */
class CoordinatorTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private Vertx vertx;
  private Coordinator coordinator;
  private dev.tierbench.coordinator.trust.StateFolder state;

  @BeforeEach
  void start() {
    vertx = Clusters.local();
    state = TestTrust.folder(dir);
    coordinator = new Coordinator(new CoordinatorSettings("test", "127.0.0.1", 0, Duration.ofMillis(100),
        Duration.ofMillis(500), Duration.ofMillis(200), 3, Duration.ofSeconds(2), dir.resolve("runs"), state.access()),
        Clock.systemUTC());
    await(vertx.deployVerticle(coordinator), WAIT, "coordinator");
  }

  @AfterEach
  void stop() {
    await(vertx.close(), WAIT, "close");
  }

  private Plan plan(String extra) throws Exception {
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, "name: t\nmodels: [" + Fixtures.KWS + "]\n" + extra
        + "measurement: {warmup: 2, min-duration: 0s, min-queries: 20, max-duration: 10s}\n");
    return Preparation.plan(SweepParser.parse(sweep));
  }

  private Agent agent(String id, String tier) {
    return agent(id, tier, SystemMonitor.off());
  }

  private Agent agent(String id, String tier, SystemMonitor monitor) {
    Agent agent = new Agent(new AgentSettings(id, tier, Map.of(), dir.resolve("cache"), dir.resolve("device.lock"),
        Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofDays(1), TestTrust.agent(state, id)), Engines.of(TfliteRuntime.start()), monitor,
        new Outbox());
    await(vertx.deployVerticle(agent), WAIT, "agent " + id);
    return agent;
  }

  @Test
  void aSweepRunsAndAReRunResumesWithoutMeasuringAgain() throws Exception {
    Plan plan = plan("axes: {batch: [1, 2]}\ntiers: [edge]\n");
    agent("a1", "edge");
    Path folder = dir.resolve("runs/t");

    await(coordinator.submit("t", plan, folder), WAIT, "run");
    RunReport report = RunReport.write(folder, plan.sweep().analysis());

    assertEquals(2, report.trials().size());
    report.trials().forEach(t -> {
      assertTrue(t.ok(), t.failure());
      assertEquals(20, t.queries());
      assertEquals(20, t.latency().count());
    });
    assertEquals(3, Files.readAllLines(folder.resolve("results.csv")).size(), "header and one row per task");
    assertTrue(Files.readString(folder.resolve("results.json")).contains("\"convention\""));

    RunOutcome again = await(coordinator.submit("t", plan, folder), WAIT, "resumed run");
    assertEquals(2, again.resumed());
    try (RunReader store = RunReader.open(folder.resolve("results.db"))) {
      assertEquals(2, store.results().size());
      for (StoredResult r : store.results()) {
        assertEquals(1, StoredAttempts.outcomes(folder.resolve("results.db"), r.taskId()).size(), "each task was measured once");
      }
    }
  }

  @Test
  void anExpiredLeaseIsRetriedAndALateResultStillCountsOnce() throws Exception {
    Plan plan = plan("tiers: [edge]\nrepetitions: 2\n");
    Path folder = dir.resolve("runs/t");
    var run = coordinator.submit("t", plan, folder);

    // A fake agent leases a task and falls silent.
    var fake = HostInfo.describe("fake", "edge", List.of(EngineInfo.running(Engine.TFLITE, "2.20.0")), Map.of(), "", null);
    await(vertx.eventBus().request(Addresses.REGISTER, new Register(Protocol.VERSION, fake)), WAIT, "register");
    Message<Object> reply = await(vertx.eventBus().request(Addresses.LEASE, new LeaseRequest("fake")), WAIT, "lease");
    TaskAssignment assignment = assertInstanceOf(TaskAssignment.class, reply.body());
    awaitStatus("the silent agent's lease to expire", doc -> doc.getJsonArray("runs").getJsonObject(0)
        .getJsonObject("tiers").getJsonObject("edge").getInteger("leased") == 0);

    // Its result arrives late, after the lease expired: the first result for the task is still taken, once.
    Histogram h = Histograms.create();
    h.recordValue(4_000_000);
    TaskResult late = new TaskResult(assignment.task().taskId(), assignment.leaseId(), "fake", "fakehost", "edge",
        assignment.task().model().sha256(), new Measurement("TFLite 2.20.0", 1, 1, 0, 0, true, 1, 4_000_000,
            EncodedHistogram.of(h), false, System.currentTimeMillis(), java.util.List.of(), Double.NaN, java.util.List.of(), List.of()));
    Ack first = (Ack) await(vertx.eventBus().request(Addresses.RESULT, late), WAIT, "late result").body();
    Ack second = (Ack) await(vertx.eventBus().request(Addresses.RESULT, late), WAIT, "duplicate").body();
    assertTrue(first.accepted(), first.note());
    assertFalse(second.accepted());
    assertTrue(second.note().startsWith("duplicate"), second.note());

    agent("a1", "edge");
    RunOutcome outcome = await(run, WAIT, "run");
    assertTrue(outcome.failures().isEmpty());
    try (RunReader store = RunReader.open(folder.resolve("results.db"))) {
      List<StoredResult> results = store.results();
      assertEquals(2, results.size());
      StoredResult fakes = results.stream().filter(r -> r.receipt().agentId().equals("fake")).findFirst().orElseThrow();
      assertEquals(assignment.task().taskId(), fakes.taskId());
      assertTrue(fakes.measurement().disturbances().get(0).startsWith("delivered after its lease expired (attempt 1)"),
          fakes.measurement().disturbances().toString());
      assertEquals(List.of("EXPIRED", "DONE"), StoredAttempts.outcomes(folder.resolve("results.db"), fakes.taskId()));
      StoredResult real = results.stream().filter(r -> r.receipt().agentId().equals("a1")).findFirst().orElseThrow();
      assertEquals(20, real.measurement().queries());
    }
  }

  @Test
  void aTierWhoseOnlyAgentFallsSilentFailsItsTasksAsAgentLostAndTheRunEnds() throws Exception {
    Plan plan = plan("tiers: [edge]\nrepetitions: 3\n");
    var run = coordinator.submit("lost", plan, dir.resolve("runs/lost"));
    var fake = HostInfo.describe("silent", "edge", List.of(EngineInfo.running(Engine.TFLITE, "2.20.0")), Map.of(), "", null);
    await(vertx.eventBus().request(Addresses.REGISTER, new Register(Protocol.VERSION, fake)), WAIT, "register");
    await(vertx.eventBus().request(Addresses.LEASE, new LeaseRequest("silent")), WAIT, "lease");

    // Nothing more from it: its lease expires (0.5 s), then agent-lost-after (2 s) ends the tier's tasks.
    RunOutcome outcome = await(run, WAIT, "run");
    assertEquals(3, outcome.failures().size(), outcome.failures().toString());
    for (RunOutcome.FailedTask failed : outcome.failures()) {
      assertTrue(failed.reason().startsWith("agent lost: no agent of tier edge heard from for 2 s")
          || failed.reason().startsWith("agent lost: no agent of tier edge heard from for 3 s"), failed.reason());
    }
  }

  @Test
  void aBrokenModelFailsItsOwnTasksAtOnceAndTheRestIsMeasured() throws Exception {
    Path broken = Fixtures.truncated(Fixtures.MOBILENET, 2, dir, "broken.tflite");
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, "name: t\nmodels: [" + broken + ", " + Fixtures.KWS + "]\ntiers: [edge]\n"
        + "measurement: {warmup: 2, min-duration: 0s, min-queries: 20, max-duration: 10s}\n");
    agent("a1", "edge");
    Path folder = dir.resolve("runs/t");

    Plan plan = Preparation.plan(SweepParser.parse(sweep));
    RunOutcome outcome = await(coordinator.submit("t", plan, folder), WAIT, "run");

    assertEquals(1, outcome.failures().size());
    assertTrue(outcome.failures().get(0).reason().startsWith("broken.tflite: truncated or corrupt TFLite file"),
        outcome.failures().get(0).reason());
    var kws = RunReport.write(folder, plan.sweep().analysis()).trials().stream().filter(t -> t.model().equals("kws_ref_model")).findFirst().orElseThrow();
    assertTrue(kws.ok());
    assertEquals(5_321_548, kws.modelFlops(), "the model's FLOPs as inspect counts them");
    assertEquals(List.of(), StoredAttempts.outcomes(folder.resolve("results.db"), outcome.failures().get(0).taskId()),
        "no agent ever tried it");
  }

  @Test
  void aResultForAnotherTierIsRefused() throws Exception {
    Plan plan = plan("tiers: [edge]\n");
    coordinator.submit("t", plan, dir.resolve("runs/t"));
    var fake = HostInfo.describe("fake", "edge", List.of(EngineInfo.running(Engine.TFLITE, "2.20.0")), Map.of(), "", null);
    await(vertx.eventBus().request(Addresses.REGISTER, new Register(Protocol.VERSION, fake)), WAIT, "register");
    TaskAssignment assignment = (TaskAssignment) await(vertx.eventBus().request(Addresses.LEASE,
        new LeaseRequest("fake")), WAIT, "lease").body();
    Histogram h = Histograms.create();
    h.recordValue(1_000);
    TaskResult wrongTier = new TaskResult(assignment.task().taskId(), assignment.leaseId(), "fake", "h", "iot",
        assignment.task().model().sha256(), new Measurement("TFLite", 1, 1, 0, 0, true, 1, 1_000, EncodedHistogram.of(h),
            false, 0, java.util.List.of(), Double.NaN, java.util.List.of(), List.of()));
    Ack ack = (Ack) await(vertx.eventBus().request(Addresses.RESULT, wrongTier), WAIT, "result").body();
    assertFalse(ack.accepted());
    assertTrue(ack.note().contains("tier iot"), ack.note());
  }

  @Test
  void liveSystemFiguresOfAMeasuringAgentReachTheStatusApi() throws Exception {
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, "name: t\nmodels: [" + Fixtures.KWS + "]\ntiers: [edge]\n"
        + "measurement: {warmup: 2, max-warmup: 0.5s, min-duration: 4s, min-queries: 1, max-duration: 10s}\n");
    agent("live", "edge", SystemMonitor.detect(Duration.ofMillis(50)));
    var run = coordinator.submit("t", Preparation.plan(SweepParser.parse(sweep)), dir.resolve("runs/t"));
    double rss = awaitStatus("the measuring agent's live figures", doc -> doc.getJsonArray("agents")
        .getJsonObject(0).getJsonObject("system").getDouble("memory_rss_bytes", 0.0) > 0).getJsonArray("agents")
        .getJsonObject(0).getJsonObject("system").getDouble("memory_rss_bytes");
    assertTrue(rss > 50e6, "the measuring agent's resident set, live: " + rss);
    await(run, WAIT, "run");
  }

  /** The status API's answer, once {@code ready} holds for it (asked every 50 ms, for up to {@link #WAIT}). */
  private io.vertx.core.json.JsonObject awaitStatus(String what,
      java.util.function.Predicate<io.vertx.core.json.JsonObject> ready) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest status = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
        + coordinator.httpPort() + "/api/status")).header("Authorization", TestTrust.operator(state)).build();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      io.vertx.core.json.JsonObject doc = new io.vertx.core.json.JsonObject(http.send(status,
          java.net.http.HttpResponse.BodyHandlers.ofString()).body());
      if (ready.test(doc)) {
        return doc;
      }
      assertTrue(System.nanoTime() < deadline, "waited " + WAIT.toSeconds() + " s for " + what + ": " + doc);
      Thread.sleep(50);
    }
  }
}
