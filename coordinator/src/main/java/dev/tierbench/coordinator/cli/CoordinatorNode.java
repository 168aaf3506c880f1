package dev.tierbench.coordinator.cli;

import static dev.tierbench.common.cli.Await.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tierbench.agent.Agent;
import dev.tierbench.agent.AgentSettings;
import dev.tierbench.agent.Outbox;
import dev.tierbench.agent.calibrate.Calibrator;
import dev.tierbench.agent.metrics.AgentMetrics;
import dev.tierbench.common.metrics.Monitoring;
import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.agent.runtime.Engines;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.protocol.Calibration;
import dev.tierbench.common.trust.ClientTrust;
import dev.tierbench.coordinator.Coordinator;
import dev.tierbench.coordinator.CoordinatorSettings;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.report.RunReport;
import dev.tierbench.coordinator.run.RunListener;
import dev.tierbench.coordinator.run.RunOutcome;
import dev.tierbench.coordinator.store.RunFolders;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** A coordinator deployed on a Vert.x instance, with any in-process agents; what {@code run} drives. */
final class CoordinatorNode implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final Coordinator coordinator;
  private final List<Agent> agents = new ArrayList<>();
  private Duration agentGrace = Duration.ZERO;
  private SystemMonitor monitor = SystemMonitor.off();
  private String watchUrl = "";

  private CoordinatorNode(Vertx vertx, Coordinator coordinator) {
    this.vertx = vertx;
    this.coordinator = coordinator;
  }

  /** @param monitoring the registry {@code vertx} reports to, which the coordinator's /metrics serves */
  static CoordinatorNode start(Vertx vertx, Monitoring monitoring, CoordinatorSettings settings) {
    Coordinator coordinator = new Coordinator(settings, Clock.systemUTC(), monitoring);
    try {
      await(vertx.deployVerticle(coordinator), START_TIMEOUT, "starting the coordinator");
    } catch (UserException e) {
      vertx.close();
      boolean portTaken = e.getCause() instanceof java.net.BindException;
      throw new UserException(e.getMessage() + (portTaken
          ? " (is http-port " + settings.httpPort() + " in use? choose another with --http-port)" : ""), e);
    }
    return new CoordinatorNode(vertx, coordinator);
  }

  Coordinator coordinator() {
    return coordinator;
  }

  /** Where a person watches the run: the live page, with the login token when the command prints it for its user. */
  String watchUrl() {
    return watchUrl;
  }

  void watchAt(String url) {
    watchUrl = url;
  }

  /**
   * Starts {@code perTier} in-process agents for each tier, sharing one set of engines and, as they share the device,
   * one calibration.
   *
   * @param calibrate whether to measure the device's peaks first
   * @param trust what the in-process agents present to this coordinator's HTTP side (the operator token: they are
   *     part of the coordinator's own process)
   */
  void startLocalAgents(List<String> tiers, int perTier, Path cacheDir, Path deviceLock, Duration grace,
      Duration sampleInterval, Path tfliteLibrary, boolean calibrate, ClientTrust trust) {
    if (perTier < 1) {
      return;
    }
    Engines runtime = Engines.start(tfliteLibrary, cacheDir);
    Calibration calibration = calibrate ? Calibrator.run(runtime).orElse(null) : null;
    monitor = SystemMonitor.detect(sampleInterval);
    agentGrace = grace;
    List<Future<String>> deployed = new ArrayList<>();
    for (String tier : tiers) {
      for (int i = 1; i <= perTier; i++) {
        // In-process agents share the coordinator's event bus: their connection is never lost.
        AgentSettings settings = new AgentSettings(tier + "-" + i, tier, Map.of("embedded", "true"),
            cacheDir, deviceLock, START_TIMEOUT, grace, Duration.ofDays(365), trust, calibration);
        Agent agent = new Agent(settings, runtime, monitor, new Outbox(),
            new AgentMetrics(coordinator.monitoring().registry(), tier, settings.agentId(), ""));
        agents.add(agent);
        deployed.add(vertx.deployVerticle(agent));
      }
    }
    await(Future.all(deployed), START_TIMEOUT, "starting local agents");
  }

  /** Runs {@code plan} into {@code folder}, then writes the run's results files and report there. */
  Finished run(String runId, Plan plan, Path folder, RunListener listener) {
    try {
      Files.createDirectories(folder);
      Files.copy(plan.sweep().file(), folder.resolve(RunFolders.SWEEP_COPY), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UserException("cannot prepare run folder " + folder + ": " + e.getMessage(), e);
    }
    if (listener != null) {
      coordinator.addListener(listener);
    }
    RunOutcome outcome = await(coordinator.submit(runId, plan, folder), Duration.ofDays(365), "run " + runId);
    try {
      return new Finished(outcome, RunReport.write(folder, plan.sweep().analysis()));
    } catch (IOException e) {
      throw new UserException("run " + runId + " is stored in " + folder.resolve(RunFolders.DATABASE)
          + ", but its results files cannot be written: " + e.getMessage(), e);
    }
  }

  /** A run as the coordinator ended it, and the files written from it. */
  record Finished(RunOutcome outcome, RunReport report) {}

  /** Lets in-process agents hand back their work and leave, then stops Vert.x (leaving the cluster). */
  @Override
  public void close() {
    List<Future<Void>> stopped = agents.stream().map(a -> a.shutdown(agentGrace)).toList();
    try {
      await(Future.join(stopped), agentGrace.plusSeconds(15), "stopping local agents");
    } catch (UserException e) {
      // still close Vert.x below
    }
    await(vertx.close().recover(e -> Future.succeededFuture()), Duration.ofSeconds(20), "stopping");
    monitor.close();
  }

  /** Deletes what an earlier run left in {@code folder}, for {@code --fresh}. */
  static void clear(Path folder) {
    for (String name : RunFolders.FILES) {
      try {
        Files.deleteIfExists(folder.resolve(name));
      } catch (IOException e) {
        throw new UserException("cannot clear " + folder.resolve(name) + ": " + e.getMessage(), e);
      }
    }
  }
}
