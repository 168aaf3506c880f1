package dev.tierbench.coordinator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.preparation.Preparation;

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
  private final LocalFleet fleet;

  private MeasuredRun(Path runsDir, LocalFleet fleet) {
    this.runsDir = runsDir;
    this.fleet = fleet;
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
    Path truncated = Fixtures.truncated(Fixtures.KWS, 3, dir, "truncated.tflite");
    Path sweep = dir.resolve("measured.yaml");
    Files.writeString(sweep, SWEEP.formatted(Fixtures.KWS, Fixtures.MOBILENET, truncated));
    // Kept up for the whole test JVM: the API tests ask its coordinator.
    LocalFleet fleet = LocalFleet.start(dir, SystemMonitor.detect(Duration.ofMillis(50)), "edge", "iot");
    Path folder = dir.resolve("runs").resolve(ID);
    Files.createDirectories(folder);
    Files.copy(sweep, folder.resolve("sweep.yaml"));
    fleet.run(ID, Preparation.plan(SweepParser.parse(sweep), dir.resolve("cache")));
    return new MeasuredRun(dir.resolve("runs"), fleet);
  }

  public Path runsDir() {
    return runsDir;
  }

  public Path folder() {
    return runsDir.resolve(ID);
  }

  /** The {@code Authorization} header value the API and the live page take: the operator's. */
  public String operator() {
    return fleet.operator();
  }

  /** The coordinator's HTTP address, which serves the API and the live page. */
  public String url() {
    return "http://127.0.0.1:" + fleet.coordinator().httpPort();
  }
}
