package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import dev.tierbench.common.protocol.Calibration;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.EngineInfo;
import dev.tierbench.common.protocol.Heartbeat;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.lease.Resumption;
import dev.tierbench.coordinator.preparation.Preparation;
import dev.tierbench.coordinator.run.RunCore;
import io.vertx.core.json.JsonObject;

/** What /api/status says after an agent falls silent: the truth, not its last report. */
class StatusDocumentTest {

  private static final Duration LEASE = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  private final TestClock clock = new TestClock();
  private final CoordinatorSettings settings = new CoordinatorSettings("c", "127.0.0.1", 0, Duration.ofSeconds(1),
      LEASE, Duration.ofSeconds(1), 2, Duration.ofSeconds(30), Path.of("runs"), null);
  private final RunCore core = new RunCore(settings, clock, e -> { });

  private static AgentInfo agent(String id) {
    return new AgentInfo(id, "edge", "host", "Linux", "amd64", 4, 1L << 30, "17",
        List.of(EngineInfo.running(Engine.TFLITE, "2.20.0")), Map.of());
  }

  @Test
  void aSilentAgentIsLostWithoutItsTaskAndTheTierCountsOnlyTheLiving() throws Exception {
    Path sweep = Files.writeString(dir.resolve("s.yaml"), "name: s\nmodels: [" + Fixtures.KWS
        + "]\ntiers: [edge]\nrepetitions: 2\n");
    core.start("r", Preparation.plan(SweepParser.parse(sweep)), dir, Resumption.NONE);
    core.register(agent("killed"), List.of());
    core.register(agent("alive"), List.of());
    String killedTask = core.lease("killed").orElseThrow().task().taskId();
    var aliveLease = core.lease("alive").orElseThrow();

    clock.advance(LEASE.plusSeconds(1));
    core.heartbeat(new Heartbeat("alive", aliveLease.leaseId(), 0, 100));
    core.tick();

    JsonObject status = StatusDocument.of(settings, core, clock);
    JsonObject killed = status.getJsonArray("agents").getJsonObject(0);
    assertEquals("killed", killed.getString("id"));
    assertEquals("lost", killed.getString("state"));
    assertNull(killed.getString("task"), "its lease expired: " + killedTask + " is queued again, not its task");
    JsonObject living = status.getJsonArray("agents").getJsonObject(1);
    assertEquals("busy", living.getString("state"));
    assertEquals(aliveLease.task().taskId(), living.getString("task"));
    JsonObject edge = status.getJsonArray("runs").getJsonObject(0).getJsonObject("tiers").getJsonObject("edge");
    assertEquals(1, edge.getInteger("agents"));
    assertEquals(1, edge.getInteger("lostAgents"));
    assertEquals(1, edge.getInteger("queued"), "the killed agent's task waits for the living one");
  }

  @Test
  void eachAgentShowsItsCalibrationOrNone() {
    AgentInfo plain = agent("plain");
    core.register(plain, List.of());
    core.register(new AgentInfo("calibrated", "edge", "host", "Linux", "amd64", 4, 1L << 30, "17", plain.engines(),
        Map.of(), "", new Calibration(40, 12, 6, 9.5, 4)), List.of());

    var agents = StatusDocument.of(settings, core, clock).getJsonArray("agents");
    JsonObject calibrated = agents.getJsonObject(1);
    assertEquals("calibrated", calibrated.getString("id"));
    assertEquals(new JsonObject().put("matmulGflops", 40.0).put("matmulGflopsOneThread", 12.0)
        .put("depthwiseGflops", 6.0).put("memoryGBps", 9.5).put("threads", 4), calibrated.getJsonObject("calibration"));
    assertEquals("plain", agents.getJsonObject(0).getString("id"));
    assertTrue(agents.getJsonObject(0).containsKey("calibration"));
    assertNull(agents.getJsonObject(0).getValue("calibration"), "an agent that sent none");
  }
}
