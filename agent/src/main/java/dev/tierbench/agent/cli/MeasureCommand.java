package dev.tierbench.agent.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.tierbench.agent.measure.Cancellation;
import dev.tierbench.agent.measure.DeviceLock;
import dev.tierbench.agent.measure.Measurer;
import dev.tierbench.agent.measure.ProgressListener;
import dev.tierbench.agent.measure.RateSearch;
import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.agent.runtime.ModelLoadException;
import dev.tierbench.agent.runtime.Engines;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.config.Durations;
import dev.tierbench.common.model.ModelVerifier;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.GraphOptimization;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.OperatorTime;
import dev.tierbench.common.protocol.Provider;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.stats.LatencySummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import dev.tierbench.common.cli.ConfigFileOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tierbench measure MODEL}: one measurement on this machine, exactly as an agent makes it. */
@Command(name = "measure", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Measure one model on this machine, the way an agent does, and print its latency.")
public final class MeasureCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "MODEL", description = "A .tflite file (an .onnx file with --engine onnxruntime).")
  Path model;

  @Mixin
  ConfigFileOption configFile;

  @Option(names = "--engine", paramLabel = "tflite|onnxruntime|tflite-2.6",
      description = "The engine that runs the model (default: ${DEFAULT-VALUE}).")
  String engine;

  @Option(names = "--batch", paramLabel = "N", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads", paramLabel = "N", description = "Interpreter threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--xnnpack", paramLabel = "true|false", arity = "1",
      description = "Use the XNNPACK delegate (default: ${DEFAULT-VALUE}).")
  boolean xnnpack;

  @Option(names = "--optimization", paramLabel = "disabled|basic|extended|all",
      description = "ONNX Runtime's graph optimization level (default: ${DEFAULT-VALUE}).")
  String optimization;

  @Option(names = "--provider", paramLabel = "cpu|cuda",
      description = "ONNX Runtime's execution provider (default: ${DEFAULT-VALUE}).")
  String provider;

  @Option(names = "--cpus", paramLabel = "LIST",
      description = "Pin the measurement to these CPUs, as taskset -c writes them (default: not pinned).")
  String cpus;

  @Option(names = "--scenario", paramLabel = "single-stream|offline|server",
      description = "How queries are issued (default: ${DEFAULT-VALUE}).")
  String scenario;

  @Option(names = "--rate", paramLabel = "QPS", description = "Server scenario: queries per second offered.")
  double rate;

  @Option(names = "--latency-bound", paramLabel = "DURATION",
      description = "Server scenario: the p99 target (default: none).")
  Duration latencyBound;

  @Option(names = "--find-max-rate", arity = "0..1",
      description = "Server scenario: search the highest rate whose p99 stays within --latency-bound.")
  boolean findMaxRate;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the server scenario's arrivals (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--warmup", paramLabel = "N", description = "Warm-up queries at least (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--max-warmup", paramLabel = "DURATION",
      description = "Warm-up stops here even if latency is not steady (default: ${DEFAULT-VALUE}).")
  Duration maxWarmup;

  @Option(names = "--stability-windows", paramLabel = "N",
      description = "Window medians that must agree to end warm-up (default: ${DEFAULT-VALUE}).")
  int stabilityWindows;

  @Option(names = "--stability-tolerance", paramLabel = "FRACTION",
      description = "How closely they must agree (default: ${DEFAULT-VALUE}).")
  double stabilityTolerance;

  @Option(names = "--min-duration", paramLabel = "DURATION", description = "Measure at least this long (default: ${DEFAULT-VALUE}).")
  Duration minDuration;

  @Option(names = "--min-queries", paramLabel = "N", description = "Measure at least this many queries (default: ${DEFAULT-VALUE}).")
  long minQueries;

  @Option(names = "--max-duration", paramLabel = "DURATION", description = "Stop after this long regardless (default: ${DEFAULT-VALUE}).")
  Duration maxDuration;

  @Option(names = "--profile-queries", paramLabel = "N",
      description = "After timing, profile this many queries: time per operator (default: ${DEFAULT-VALUE}, none).")
  int profileQueries;

  @Option(names = "--device-lock", paramLabel = "FILE",
      description = "Lock file that keeps measurements on this host one at a time (default: ${DEFAULT-VALUE}).")
  Path deviceLock;

  @Option(names = "--sample-interval", paramLabel = "DURATION",
      description = "How often system metrics are sampled; 0 turns sampling off (default: ${DEFAULT-VALUE}).")
  Duration sampleInterval;

  @Option(names = "--json", arity = "0..1", description = "Print the measurement as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ModelVerifier.verify(model);
    Scenario kind = Scenario.byKey(scenario).orElseThrow(() -> new UserException("scenario must be one of"
        + " single-stream, offline, server, got '" + scenario + "'"));
    TrialParams trial = params(kind, kind == Scenario.SERVER ? rate : 0);
    MeasureSettings settings;
    try {
      settings = new MeasureSettings(warmup, maxWarmup, stabilityWindows, stabilityTolerance, minDuration, minQueries,
          maxDuration, latencyBound, seed, profileQueries);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    Engines runtime = Engines.start(null, null);
    Cancellation never = new Cancellation();
    Measurement m;
    try (SystemMonitor monitor = SystemMonitor.detect(sampleInterval);
        DeviceLock.Held device = new DeviceLock(deviceLock).acquire(never)) {
      Measurer measurer = new Measurer(runtime, monitor);
      if (findMaxRate) {
        return findMaxRate(measurer, settings, never);
      }
      m = measurer.measure(model, trial, settings, ProgressListener.NONE, never);
    } catch (ModelLoadException e) {
      throw new UserException(model + ": " + e.getMessage(), e);
    }
    LatencySummary s = LatencySummary.of(m.latency().decode());
    if (json) {
      System.out.println(new JsonObject()
          .put("model", model.toString()).put("runtime", m.runtime()).put("engine", trial.engine().key())
          .put("batch", batch).put("threads", threads).put("xnnpack", trial.xnnpack())
          .put("loadNanos", m.loadNanos()).put("firstInferenceNanos", m.firstInferenceNanos())
          .put("scenario", kind.key()).put("rate", kind == Scenario.SERVER ? rate : 0)
          .put("warmupQueries", m.warmupQueries()).put("warmupNanos", m.warmupNanos()).put("stable", m.stable())
          .put("queries", m.queries()).put("durationNanos", m.durationNanos())
          .put("p50Nanos", s.p50()).put("p90Nanos", s.p90()).put("p99Nanos", s.p99()).put("p999Nanos", s.p999())
          .put("maxNanos", s.max()).put("meanNanos", s.mean()).put("queriesPerSecond", m.queriesPerSecond())
          .put("capped", m.capped()).put("profile", profileJson(m)).encode());
      return 0;
    }
    System.out.printf(Locale.ROOT, "%s  (%s, %s%s, batch %d, %d thread(s), %s)%n", model, m.runtime(),
        kind.key(), kind == Scenario.SERVER ? " at " + rate + " queries/s" : "", batch, threads,
        trial.engine().tflite() ? "xnnpack " + (trial.xnnpack() ? "on" : "off") : "optimization "
            + trial.optimization().key() + ", provider " + trial.provider().key());
    System.out.printf(Locale.ROOT, "load %.2f ms, first inference %.3f ms, warm-up %d queries in %.2f s (%s), %d timed"
        + " queries in %.2f s%s%n", m.loadNanos() / 1e6, m.firstInferenceNanos() / 1e6, m.warmupQueries(),
        m.warmupNanos() / 1e9, m.stable() ? "steady" : "NOT steady", m.queries(), m.durationNanos() / 1e9,
        m.capped() ? " (stopped at max-duration)" : "");
    System.out.printf(Locale.ROOT, "latency ms: p50 %.4f  p90 %.4f  p99 %.4f  p99.9 %.4f  max %.4f%n", s.p50() / 1e6,
        s.p90() / 1e6, s.p99() / 1e6, s.p999() / 1e6, s.max() / 1e6);
    System.out.printf(Locale.ROOT, "throughput: %.1f queries/s, %.1f samples/s%n", m.queriesPerSecond(),
        m.queriesPerSecond() * batch);
    if (kind == Scenario.SERVER && !latencyBound.isZero()) {
      System.out.printf(Locale.ROOT, "p99 %.4f ms %s the %s bound%n", s.p99() / 1e6,
          s.p99() <= latencyBound.toNanos() ? "is within" : "EXCEEDS", Durations.format(latencyBound));
    }
    if (!m.profile().isEmpty()) {
      System.out.println(OperatorTable.format(m.profile(), profileQueries));
    }
    return 0;
  }

  private static JsonArray profileJson(Measurement m) {
    JsonArray operators = new JsonArray();
    for (OperatorTime t : m.profile()) {
      operators.add(new JsonObject().put("operator", t.operator()).put("executor", t.executor())
          .put("count", t.count()).put("nanosPerQuery", t.nanosPerQuery()));
    }
    return operators;
  }

  /** The trial these flags describe, in {@code scenario} at {@code queriesPerSecond}; one line if they cannot. */
  private TrialParams params(Scenario scenario, double queriesPerSecond) {
    Engine chosen = Engine.byKey(engine).orElseThrow(() -> new UserException("--engine must be one of "
        + Engine.keys() + ", got '" + engine + "'"));
    GraphOptimization level = GraphOptimization.byKey(optimization).orElseThrow(() -> new UserException(
        "--optimization must be one of disabled, basic, extended, all, got '" + optimization + "'"));
    Provider where = Provider.byKey(provider).orElseThrow(() -> new UserException("--provider must be cpu or cuda,"
        + " got '" + provider + "'"));
    try {
      return new TrialParams(batch, threads, xnnpack && chosen.tflite(), scenario, queriesPerSecond, cpus, chosen,
          level, where);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  /** Bisects the server rate between 0 and 1.5 x the single-stream throughput. */
  private int findMaxRate(Measurer measurer, MeasureSettings settings, Cancellation never) throws Exception {
    if (latencyBound.isZero()) {
      throw new UserException("--find-max-rate needs --latency-bound, the p99 to hold");
    }
    Measurement single = measurer.measure(model, params(Scenario.SINGLE_STREAM, 0), settings,
        ProgressListener.NONE, never);
    double ceiling = 1.5 * single.queriesPerSecond();
    RateSearch.Found found = RateSearch.search(r -> {
      Measurement probe = measurer.measure(model, params(Scenario.SERVER, r), settings, ProgressListener.NONE, never);
      long p99 = LatencySummary.of(probe.latency().decode()).p99();
      System.out.printf(Locale.ROOT, "  %.1f queries/s: p99 %.4f ms%n", r, p99 / 1e6);
      return p99;
    }, latencyBound, ceiling, 8, 0.02);
    System.out.printf(Locale.ROOT, "highest rate with p99 <= %s: %.1f queries/s (p99 %.4f ms; %d probes, single-stream"
        + " throughput %.1f queries/s)%n", Durations.format(latencyBound), found.rate(), found.p99Nanos() / 1e6,
        found.probes(), single.queriesPerSecond());
    return 0;
  }
}
