package dev.tierbench.coordinator;

import static dev.tierbench.common.cli.Await.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import dev.tierbench.agent.Agent;
import dev.tierbench.agent.AgentSettings;
import dev.tierbench.agent.Outbox;
import dev.tierbench.agent.runtime.Engines;
import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.common.cluster.Clusters;
import dev.tierbench.common.protocol.Calibration;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.report.RunReport;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.trust.StateFolder;
import io.vertx.core.Vertx;

/**
 * A coordinator and one real in-process agent per tier on a local event bus, runs under {@code dir/runs}: the
 * fleet the end-to-end tests of one process measure on. Its state folder is {@code dir/state}; each agent downloads
 * with a credential of its own, as a remote one would.
 */
public final class LocalFleet implements AutoCloseable {

  private static final Duration START = Duration.ofSeconds(30);

  private final Path dir;
  private final Vertx vertx;
  private final Coordinator coordinator;
  private final StateFolder state;

  private LocalFleet(Path dir, Vertx vertx, Coordinator coordinator, StateFolder state) {
    this.dir = dir;
    this.vertx = vertx;
    this.coordinator = coordinator;
    this.state = state;
  }

  /**
   * The calibration the first tier's agent reports, fixed so that reports have known rooflines; the other agents
   * report none, as an agent with calibration off does.
   */
  public static final Calibration CALIBRATION = new Calibration(50, 20, 8, 10, 2);

  /** Agents {@code TIER-1}, sharing one device lock and the runtime, sampling no system metrics. */
  public static LocalFleet start(Path dir, String... tiers) {
    return start(dir, SystemMonitor.off(), tiers);
  }

  /** The same, the agents sampling system metrics through {@code monitor}. */
  public static LocalFleet start(Path dir, SystemMonitor monitor, String... tiers) {
    Vertx vertx = Clusters.local();
    StateFolder state = TestTrust.folder(dir);
    Coordinator coordinator = new Coordinator(new CoordinatorSettings("local", "127.0.0.1", 0, Duration.ofMillis(200),
        Duration.ofSeconds(5), Duration.ofMillis(500), 2, Duration.ofSeconds(60), dir.resolve("runs"), state.access()),
        Clock.systemUTC());
    await(vertx.deployVerticle(coordinator), START, "coordinator");
    for (String tier : tiers) {
      await(vertx.deployVerticle(new Agent(new AgentSettings(tier + "-1", tier, Map.of(), dir.resolve("agent-cache"),
          dir.resolve("device.lock"), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofDays(1),
          TestTrust.agent(state, tier + "-1"), tier.equals(tiers[0]) ? CALIBRATION : null),
          Engines.start(null, null), monitor, new Outbox())), START, "agent " + tier + "-1");
    }
    return new LocalFleet(dir, vertx, coordinator, state);
  }

  public Coordinator coordinator() {
    return coordinator;
  }

  /** The coordinator's state folder: its tokens and agent credentials. */
  public StateFolder state() {
    return state;
  }

  /** The {@code Authorization} header value of the operator. */
  public String operator() {
    return TestTrust.operator(state);
  }

  /** Runs {@code plan} into {@code runs/RUN-ID} and returns what was stored. */
  public StoredRun run(String runId, Plan plan) {
    Path folder = dir.resolve("runs").resolve(runId);
    await(coordinator.submit(runId, plan, folder), Duration.ofMinutes(5), "run " + runId);
    try {
      return RunReport.write(folder, plan.sweep().analysis()).stored();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    await(vertx.close(), START, "closing the local fleet");
  }
}
