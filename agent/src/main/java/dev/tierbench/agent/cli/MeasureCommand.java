package dev.tierbench.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.tierbench.agent.measure.Cancellation;
import dev.tierbench.agent.measure.DeviceLock;
import dev.tierbench.agent.measure.Measurer;
import dev.tierbench.agent.measure.ProgressListener;
import dev.tierbench.agent.runtime.ModelLoadException;
import dev.tierbench.agent.runtime.TfliteRuntime;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.stats.LatencySummary;
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

  @Parameters(index = "0", paramLabel = "MODEL", description = "A .tflite file.")
  Path model;

  @Mixin
  ConfigFileOption configFile;

  @Option(names = "--batch", paramLabel = "N", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads", paramLabel = "N", description = "Interpreter threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--xnnpack", paramLabel = "true|false", arity = "1",
      description = "Use the XNNPACK delegate (default: ${DEFAULT-VALUE}).")
  boolean xnnpack;

  @Option(names = "--warmup", paramLabel = "N", description = "Untimed queries first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--min-duration", paramLabel = "DURATION", description = "Measure at least this long (default: ${DEFAULT-VALUE}).")
  Duration minDuration;

  @Option(names = "--min-queries", paramLabel = "N", description = "Measure at least this many queries (default: ${DEFAULT-VALUE}).")
  long minQueries;

  @Option(names = "--max-duration", paramLabel = "DURATION", description = "Stop after this long regardless (default: ${DEFAULT-VALUE}).")
  Duration maxDuration;

  @Option(names = "--device-lock", paramLabel = "FILE",
      description = "Lock file that keeps measurements on this host one at a time (default: ${DEFAULT-VALUE}).")
  Path deviceLock;

  @Option(names = "--json", arity = "0..1", description = "Print the measurement as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(model)) {
      throw new UserException("model file " + model + " not found");
    }
    TrialParams params = new TrialParams(batch, threads, xnnpack);
    MeasureSettings settings = new MeasureSettings(warmup, minDuration, minQueries, maxDuration);
    TfliteRuntime runtime = TfliteRuntime.start();
    Cancellation never = new Cancellation();
    Measurement m;
    try (DeviceLock.Held device = new DeviceLock(deviceLock).acquire(never)) {
      m = new Measurer(runtime).measure(model, params, settings, ProgressListener.NONE, never);
    } catch (ModelLoadException e) {
      throw new UserException(model + ": " + e.getMessage(), e);
    }
    LatencySummary s = LatencySummary.of(m.latency().decode());
    if (json) {
      System.out.println(new JsonObject()
          .put("model", model.toString()).put("runtime", m.runtime())
          .put("batch", batch).put("threads", threads).put("xnnpack", xnnpack)
          .put("loadNanos", m.loadNanos()).put("firstInferenceNanos", m.firstInferenceNanos())
          .put("warmupQueries", m.warmupQueries()).put("queries", m.queries()).put("durationNanos", m.durationNanos())
          .put("p50Nanos", s.p50()).put("p90Nanos", s.p90()).put("p99Nanos", s.p99()).put("p999Nanos", s.p999())
          .put("maxNanos", s.max()).put("meanNanos", s.mean()).put("queriesPerSecond", m.queriesPerSecond())
          .put("capped", m.capped()).encode());
      return 0;
    }
    System.out.printf(Locale.ROOT, "%s  (%s, batch %d, %d thread(s), xnnpack %s)%n", model, m.runtime(), batch,
        threads, xnnpack ? "on" : "off");
    System.out.printf(Locale.ROOT, "load %.2f ms, first inference %.3f ms, %d warm-up + %d timed queries in %.2f s%s%n",
        m.loadNanos() / 1e6, m.firstInferenceNanos() / 1e6, m.warmupQueries(), m.queries(), m.durationNanos() / 1e9,
        m.capped() ? " (stopped at max-duration)" : "");
    System.out.printf(Locale.ROOT, "latency ms: p50 %.4f  p90 %.4f  p99 %.4f  p99.9 %.4f  max %.4f%n", s.p50() / 1e6,
        s.p90() / 1e6, s.p99() / 1e6, s.p999() / 1e6, s.max() / 1e6);
    System.out.printf(Locale.ROOT, "throughput: %.1f queries/s, %.1f samples/s%n", m.queriesPerSecond(),
        m.queriesPerSecond() * batch);
    return 0;
  }
}
