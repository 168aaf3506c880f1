package dev.tierbench.coordinator;

import static dev.tierbench.common.cli.Await.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import dev.tierbench.agent.Agent;
import dev.tierbench.agent.AgentSettings;
import dev.tierbench.agent.Outbox;
import dev.tierbench.agent.runtime.TfliteRuntime;
import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.common.cluster.Clusters;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.plan.Plan;
import io.vertx.core.Vertx;

/**
 * A real run, measured once per test JVM and kept by a coordinator that stays up: two shipped models at batch
 * 1 and 2 on two tiers (in-process agents taking turns on this machine), two repetitions, plus a truncated
 * model whose tasks fail, and an analysis section with a recommendation that can be met and one that cannot.
 * What the report, API and page tests read.
 */
public final class MeasuredRun {

  public static final String ID = "measured";
  public static final String SWEEP = """
      name: measured
      models:
        - path: %s
          name: kws
        - path: %s
          name: mobilenet
        - path: %s
          name: truncated
      axes: {batch: [1, 2]}
      tiers: [edge, iot]
      repetitions: 2
      measurement: {warmup: 2, min-duration: 0s, min-queries: 30, max-duration: 10s}
      analysis:
        objectives: [p50_ms, throughput, model_mb]
        recommend:
          - maximize: throughput
            where: p99_ms <= 1000
            tier: edge
          - minimize: p50_ms
            where: model_mb <= 0.001
      """;

  private static MeasuredRun instance;

  private final Path runsDir;
  private final Coordinator coordinator;
  private final RunOutcome outcome;

  private MeasuredRun(Path runsDir, Coordinator coordinator, RunOutcome outcome) {
    this.runsDir = runsDir;
    this.coordinator = coordinator;
    this.outcome = outcome;
  }

  /** The run, measuring it on first use (some seconds). */
  public static synchronized MeasuredRun get() {
    if (instance == null) {
      try {
        instance = measure();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return instance;
  }

  private static MeasuredRun measure() throws IOException {
    Path dir = Files.createTempDirectory("tierbench-measured-run");
    Path truncated = dir.resolve("truncated.tflite");
    byte[] kws = Files.readAllBytes(Fixtures.KWS);
    Files.write(truncated, Arrays.copyOf(kws, kws.length / 3));
    Path sweep = dir.resolve("measured.yaml");
    Files.writeString(sweep, SWEEP.formatted(Fixtures.KWS, Fixtures.MOBILENET, truncated));
    Path runsDir = dir.resolve("runs");
    Vertx vertx = Clusters.local();
    Coordinator coordinator = new Coordinator(new CoordinatorSettings("measured", "127.0.0.1", 0,
        Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMillis(500), 2, runsDir), Clock.systemUTC());
    await(vertx.deployVerticle(coordinator), Duration.ofSeconds(30), "coordinator");
    SystemMonitor monitor = SystemMonitor.detect(Duration.ofMillis(50));
    TfliteRuntime runtime = TfliteRuntime.start();
    for (String tier : new String[] {"edge", "iot"}) {
      await(vertx.deployVerticle(new Agent(new AgentSettings(tier + "-1", tier, Map.of(), dir.resolve("cache"),
          dir.resolve("device.lock"), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofDays(1)), runtime,
          monitor, new Outbox())), Duration.ofSeconds(30), "agent");
    }
    Path folder = runsDir.resolve(ID);
    Files.createDirectories(folder);
    Files.copy(sweep, folder.resolve("sweep.yaml"));
    RunOutcome outcome = await(coordinator.submit(ID, Plan.of(SweepParser.parse(sweep), dir.resolve("cache")), folder),
        Duration.ofMinutes(5), "the measured run");
    return new MeasuredRun(runsDir, coordinator, outcome);
  }

  public Path runsDir() {
    return runsDir;
  }

  public Path folder() {
    return runsDir.resolve(ID);
  }

  public RunOutcome outcome() {
    return outcome;
  }

  /** The coordinator's HTTP address, which serves the API and the live page. */
  public String url() {
    return "http://127.0.0.1:" + coordinator.httpPort();
  }
}
