package dev.tierbench.agent.calibrate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.agent.runtime.InferenceRuntime;
import dev.tierbench.agent.runtime.LoadedModel;
import dev.tierbench.agent.runtime.ModelLoadException;
import dev.tierbench.common.protocol.Calibration;
import dev.tierbench.common.protocol.TrialParams;

/**
 * Measures the device's peaks once, before the agent registers: dense and depthwise layers through the agent's
 * current TFLite with XNNPACK (as trials run by default), and memory bandwidth. Each of the four figures has a
 * quarter of {@link #BUDGET} from the start, model building and loading included.
 */
public final class Calibrator {

  private static final Logger LOG = LoggerFactory.getLogger(Calibrator.class);

  /** Short enough not to delay an agent's start noticeably, long enough for a stable median on a Raspberry Pi. */
  public static final Duration BUDGET = Duration.ofMillis(1500);

  private Calibrator() {}

  /**
   * The calibration on {@code runtime}'s TFLite engine, logged; empty, with one warning saying why, when it cannot
   * be measured (no TFLite on this machine, a failure): the agent then registers without one.
   */
  public static Optional<Calibration> run(InferenceRuntime runtime) {
    long start = System.nanoTime();
    try {
      Calibration c = measure(runtime, BUDGET);
      LOG.info(String.format(Locale.ROOT, "calibrated in %.2f s: dense %.1f GFLOP/s on %d thread(s), %.1f on one;"
          + " depthwise %.1f GFLOP/s; memory copy %.1f GB/s", (System.nanoTime() - start) / 1e9, c.matmulGflops(),
          c.threads(), c.matmulGflopsOneThread(), c.depthwiseGflops(), c.memoryGBps()));
      return Optional.of(c);
    } catch (ModelLoadException | IOException | RuntimeException | OutOfMemoryError e) {
      LOG.warn("no calibration ({}); the agent registers without one", e.getMessage());
      return Optional.empty();
    }
  }

  /** The four figures within about {@code budget}: each kernel's median (memory: best) over its quarter. */
  static Calibration measure(InferenceRuntime runtime, Duration budget) throws ModelLoadException, IOException {
    Repeats repeats = new Repeats(System::nanoTime);
    long start = repeats.now();
    long quarter = budget.toNanos() / 4;
    // What the JVM may use: taskset's CPUs, a container's CPU limit.
    int threads = Runtime.getRuntime().availableProcessors();
    Kernel dense = Kernel.dense();
    double all = gflops(runtime, dense, threads, repeats, start + quarter);
    double one = gflops(runtime, dense, 1, repeats, start + 2 * quarter);
    double depthwise = gflops(runtime, Kernel.depthwise(), threads, repeats, start + 3 * quarter);
    double memory = MemoryCopy.gbps(repeats, start + 4 * quarter);
    return new Calibration(all, one, depthwise, memory, threads);
  }

  private static double gflops(InferenceRuntime runtime, Kernel kernel, int threads, Repeats repeats, long deadline)
      throws ModelLoadException, IOException {
    Path file = Files.createTempFile("tierbench-calibration-" + kernel.name(), ".tflite");
    try {
      Files.write(file, kernel.tflite());
      try (LoadedModel model = runtime.load(file, new TrialParams(kernel.batch(), threads, true))) {
        model.run(); // the first inference sets XNNPACK up: not its speed
        return kernel.flopsPerQuery() / Repeats.median(repeats.seconds(model::run, deadline)) / 1e9;
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
