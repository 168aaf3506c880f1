package dev.tierbench.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.agent.measure.ProgressListener;
import dev.tierbench.agent.task.ActiveTask;
import dev.tierbench.common.protocol.Addresses;
import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.Frame;
import dev.tierbench.common.protocol.FrameCodec;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.ModelRef;
import dev.tierbench.common.protocol.Phase;
import dev.tierbench.common.protocol.TaskAssignment;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.protocol.TaskSpec;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.protocol.WireMessage;
import dev.tierbench.common.stats.Histograms;
import dev.tierbench.common.trust.ClientTrust;
import dev.tierbench.common.trust.JoinToken;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The fleet bench's simulator, without a coordinator: its fake measurement ends with a result a coordinator takes
 * (a real histogram, through the real frame codec), on a timer; its agents enrol with the join token, a few at a
 * time, each for its own credential; its JVMs' figures merge as histograms.
 * bench/fleet-scale.sh runs it against a real coordinator (see its header for the manual check).
 */
class FleetSimulatorTest {

  private static final AgentInfo AGENT = new AgentInfo("fleet-00007", "fleet", "host-1", "Linux", "amd64", 2,
      1L << 30, "17", List.of(FleetSimulator.ENGINE), Map.of());
  private static final TaskSpec TASK = new TaskSpec("task-1", "run", "trial", "fleet", 1, 1,
      new ModelRef("kws", "a".repeat(64), 100), new TrialParams(1, 1, true),
      new MeasureSettings(0, Duration.ZERO, 1, Duration.ofSeconds(30)));

  @Test
  void theFakeMeasurementEndsWithAResultForItsLeaseThatTravelsAndDecodes() {
    var measurement = new FleetSimulator.FakeMeasurement(Duration.ofMillis(100), 3, 4, 1);
    ActiveTask task = new ActiveTask(new TaskAssignment("lease-9", TASK));
    TaskResult result = measurement.result(AGENT, task, 1_700_000_000_000L);
    assertEquals(List.of("task-1", "lease-9", "fleet-00007", "fleet", "a".repeat(64)),
        List.of(result.taskId(), result.leaseId(), result.agentId(), result.tier(), result.modelSha256()));
    Histogram latency = result.measurement().latency().decode();
    assertEquals(result.measurement().queries(), latency.getTotalCount(), "every query is in the histogram");
    assertTrue(latency.getValueAtPercentile(50) > 400_000 && latency.getMaxValue() < 700_000, "about 0.5 ms");
    assertEquals(100_000_000L, result.measurement().durationNanos());

    FrameCodec codec = new FrameCodec();
    Frame back = codec.decode(codec.encode(new Frame.Request(1, Addresses.RESULT, 1_000, result)));
    assertEquals(result, ((Frame.Request) back).message(), "the result crosses the link's codec unchanged");
  }

  @Test
  void theFakeMeasurementWaitsOnATimerAndTellsThePhases() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      var measurement = new FleetSimulator.FakeMeasurement(Duration.ofMillis(80), 3, 2, 1);
      List<Phase> told = new ArrayList<>();
      ProgressListener listener = (phase, done, total) -> told.add(phase);
      CompletableFuture<WireMessage> outcome = new CompletableFuture<>();
      long start = System.nanoTime();
      vertx.runOnContext(v -> measurement.run(vertx, AGENT, new ActiveTask(new TaskAssignment("lease-1", TASK)),
          listener, outcome::complete));
      WireMessage message = outcome.get(5, TimeUnit.SECONDS);
      assertTrue(System.nanoTime() - start >= 80_000_000L, "the measurement takes its length");
      assertInstanceOf(TaskResult.class, message);
      assertEquals(List.of(Phase.DOWNLOADING, Phase.WAITING_FOR_DEVICE, Phase.MEASURING), told);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void figuresFromSeveralJvmsMergeTheirHistogramsNotTheirPercentiles(@TempDir Path dir) throws Exception {
    // One JVM saw 1,000 fast leases, the other 30 slow ones: the fleet's p99 is slow, not the mean of two p99s.
    Histogram fast = Histograms.create();
    Histogram slow = Histograms.create();
    Histogram all = Histograms.create();
    for (int i = 0; i < 1_000; i++) {
      fast.recordValue(1_000_000 + i * 1_000L);
      all.recordValue(1_000_000 + i * 1_000L);
    }
    for (int i = 0; i < 30; i++) {
      slow.recordValue(50_000_000 + i * 100_000L);
      all.recordValue(50_000_000 + i * 100_000L);
    }
    var one = new FleetSimulator.Stats.Snapshot(250, 30_000, 1_000, 990, 0, 0, 2_000_000_000L, fast, slow);
    var two = new FleetSimulator.Stats.Snapshot(250, 30_000, 30, 40, 1, 2, 1_000_000_000L, slow, fast);
    one.write(dir.resolve("one"));
    two.write(dir.resolve("two"));
    var merged = FleetSimulator.Stats.Snapshot.merge(List.of(FleetSimulator.Stats.Snapshot.read(dir.resolve("one")),
        FleetSimulator.Stats.Snapshot.read(dir.resolve("two"))));
    assertEquals(500, merged.agents());
    assertEquals((1_000 + 990 + 30 + 40) / 30.0, merged.perSecond(), 1e-9);
    assertEquals(all.getValueAtPercentile(99) / 1e6, merged.leaseMillis(99), 1e-9);
    assertTrue(merged.leaseMillis(99) > 50, "the slow JVM's tail is the fleet's p99");
    assertTrue(merged.describe().contains("p99_lease_ms=" + String.format(java.util.Locale.ROOT, "%.2f",
        all.getValueAtPercentile(99) / 1e6)));
    assertEquals(3.0, merged.cpuNanos() / 1e9, 1e-9);
    assertEquals(all.getValueAtPercentile(99) / 1e6, merged.ackMillis(99), 1e-9, "acknowledgements merge alike");
  }

  @Test
  void eachSimulatedAgentEnrolsWithTheJoinTokenAFewAtATimeAndKeepsItsCredential(@TempDir Path dir) throws Exception {
    JoinToken token = JoinToken.create("ab".repeat(32));
    Vertx vertx = Vertx.vertx();
    Set<String> named = ConcurrentHashMap.newKeySet();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    try {
      // The coordinator's enrolment as an agent meets it: the join token's secret buys one credential per name.
      int port = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        String name = new JsonObject(body).getString("name");
        boolean fresh = ("Bearer " + token.secret()).equals(request.getHeader("Authorization")) && named.add(name);
        vertx.setTimer(20, t -> {
          inFlight.decrementAndGet();
          request.response().setStatusCode(fresh ? 200 : 409).end(fresh
              ? new JsonObject().put("name", name).put("credential", "secret-" + name).encode()
              : new JsonObject().put("error", "agent " + name + " already holds a credential").encode());
        });
      })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
      URI coordinator = URI.create("http://127.0.0.1:" + port);
      List<String> ids = List.of("fleet-00000", "fleet-00001", "fleet-00002", "fleet-00003", "fleet-00004",
          "fleet-00005", "fleet-00006", "fleet-00007", "fleet-00008", "fleet-00009", "fleet-00010", "fleet-00011");
      Map<String, ClientTrust> fleet = FleetSimulator.enrol(ids, coordinator, dir, token.toString(), 3);
      assertEquals(ids, List.copyOf(fleet.keySet()));
      ids.forEach(id -> assertEquals("secret-" + id, fleet.get(id).bearer(), "its own credential: " + id));
      assertEquals(Set.copyOf(ids), named, "each asked once, under its own id");
      assertTrue(most.get() > 1 && most.get() <= 3, "parallel, 3 at most: " + most.get());

      // Asking again would be refused: a second run takes the credentials kept, as an agent restarting does.
      Map<String, ClientTrust> kept = FleetSimulator.enrol(ids, coordinator, dir, token.toString(), 3);
      ids.forEach(id -> assertEquals("secret-" + id, kept.get(id).bearer(), "kept: " + id));
      ExecutionException taken = assertThrows(ExecutionException.class, () -> FleetSimulator.enrol(
          List.of("fleet-00000"), coordinator, dir.resolve("lost"), token.toString(), 1));
      assertTrue(taken.getCause().getMessage().endsWith("HTTP 409 agent fleet-00000 already holds a credential"),
          taken.getCause().getMessage());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
