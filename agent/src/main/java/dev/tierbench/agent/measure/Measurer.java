package dev.tierbench.agent.measure;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import dev.tierbench.agent.runtime.InferenceRuntime;
import dev.tierbench.agent.runtime.LoadedModel;
import dev.tierbench.agent.runtime.ModelLoadException;
import dev.tierbench.agent.system.SamplingSession;
import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.common.protocol.EncodedHistogram;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.Phase;
import dev.tierbench.common.protocol.Scenario;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.stats.Histograms;

/**
 * Measures one model: load (timed), first inference (timed), warm-up until latency is steady (or the warm-up
 * limit), then timed queries into a histogram until both the minimum duration and the minimum count are
 * reached, or the maximum duration passes; system metrics are sampled on another thread meanwhile.
 * Single-stream and offline issue queries back to back; server
 * issues them at Poisson arrival times and times each from its arrival, so queueing counts. Nothing but
 * {@link LoadedModel#run()} sits between the two clock reads of a back-to-back query.
 */
public final class Measurer {

  private static final long PROGRESS_EVERY_NANOS = 250_000_000L;
  /** A warm-up window is at least this long and this many queries. */
  private static final long WINDOW_NANOS = 100_000_000L;
  private static final int WINDOW_QUERIES = 5;
  /** Waits for an arrival end with a spin this long, for accuracy; before that the thread parks. */
  private static final long SPIN_NANOS = 100_000L;

  private final InferenceRuntime runtime;
  private final SystemMonitor monitor;

  /** @param monitor the system metrics sampled during the timed part of each measurement */
  public Measurer(InferenceRuntime runtime, SystemMonitor monitor) {
    this.runtime = runtime;
    this.monitor = monitor;
  }

  public Measurement measure(Path model, TrialParams params, MeasureSettings settings, ProgressListener progress,
      Cancellation cancellation) throws ModelLoadException, Cancellation.CancelledException {
    long startedAtMillis = System.currentTimeMillis();
    progress.progress(Phase.LOADING, 0, 0);
    try (Affinity.Pinned pinned = pin(params.cpus())) {
      return measurePinned(model, params, settings, progress, cancellation, startedAtMillis);
    }
  }

  /** Pinned before the interpreter exists, so that its worker threads inherit the CPU set. */
  private static Affinity.Pinned pin(String cpus) throws ModelLoadException {
    if (cpus.isEmpty()) {
      return null;
    }
    try {
      return Affinity.pin(cpus);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      throw new ModelLoadException(e.getMessage(), e);
    }
  }

  private Measurement measurePinned(Path model, TrialParams params, MeasureSettings settings,
      ProgressListener progress, Cancellation cancellation, long startedAtMillis)
      throws ModelLoadException, Cancellation.CancelledException {
    Measurement measured;
    long loadStart = System.nanoTime();
    try (LoadedModel loaded = runtime.load(model, params)) {
      long loadNanos = System.nanoTime() - loadStart;

      long firstStart = System.nanoTime();
      loaded.run();
      long firstInferenceNanos = System.nanoTime() - firstStart;

      Warmup warmup = warmUp(loaded, settings, progress, cancellation);

      Histogram latency = Histograms.create();
      SamplingSession.Result system;
      SamplingSession sampling = monitor.start(progress::system);
      Timed timed;
      try {
        timed = timed(loaded, params, settings, latency, progress, cancellation);
      } finally {
        system = sampling == null ? NOT_SAMPLED : sampling.stop();
      }
      measured = new Measurement(loaded.engine(), loadNanos, firstInferenceNanos, warmup.queries(), warmup.nanos(),
          warmup.stable(), timed.queries(), timed.nanos(), EncodedHistogram.of(latency), timed.capped(),
          startedAtMillis, system.metrics(), system.energyJoules(), disturbances(system, timed), List.of());
    }
    if (settings.profileQueries() == 0) {
      return measured;
    }
    // After the timed instance is gone: the profiled one is built on its own and never timed.
    progress.progress(Phase.PROFILING, 0, settings.profileQueries());
    return measured.withProfile(runtime.profile(model, params, settings.profileQueries()));
  }

  /** What the system samplers noticed, then what the timing itself shows. */
  private static List<String> disturbances(SamplingSession.Result system, Timed timed) {
    List<String> all = new java.util.ArrayList<>(system.disturbances());
    all.addAll(timed.disturbances());
    return all;
  }

  private static final SamplingSession.Result NOT_SAMPLED = new SamplingSession.Result(java.util.List.of(), Double.NaN,
      java.util.List.of());

  private record Warmup(long queries, long nanos, boolean stable) {}

  private record Timed(long queries, long nanos, boolean capped, List<String> disturbances) {}

  /** At least {@code warmup} queries, then on until steady or out of warm-up time. */
  private static Warmup warmUp(LoadedModel loaded, MeasureSettings settings, ProgressListener progress,
      Cancellation cancellation) throws Cancellation.CancelledException {
    SteadyState steady = new SteadyState(settings.stabilityWindows(), settings.stabilityTolerance());
    long limit = settings.maxWarmup().toNanos();
    long begin = System.nanoTime();
    long windowStart = begin;
    long lastReport = begin;
    long[] window = new long[64];
    int inWindow = 0;
    long queries = 0;
    boolean stable = false;
    long now = begin;
    while (!(stable && queries >= settings.warmup()) && now - begin < limit) {
      cancellation.check();
      long start = System.nanoTime();
      loaded.run();
      now = System.nanoTime();
      queries++;
      if (inWindow == window.length) {
        window = Arrays.copyOf(window, window.length * 2);
      }
      window[inWindow++] = now - start;
      if (inWindow >= WINDOW_QUERIES && now - windowStart >= WINDOW_NANOS) {
        Arrays.sort(window, 0, inWindow);
        stable = steady.add(window[inWindow / 2]);
        inWindow = 0;
        windowStart = now;
      }
      if (now - lastReport > PROGRESS_EVERY_NANOS) {
        progress.progress(Phase.WARMING_UP, queries, settings.warmup());
        lastReport = now;
      }
    }
    return new Warmup(queries, now - begin, stable);
  }

  private static boolean done(long queries, long elapsed, MeasureSettings settings) {
    return queries >= settings.minQueries() && elapsed >= settings.minDuration().toNanos();
  }

  /** When the next query's latency starts counting; the issuer waits first if the query has not arrived yet. */
  @FunctionalInterface
  private interface Issuer {
    long next();
  }

  /** Single-stream and offline: the next query starts as soon as the previous one is done. */
  private static final Issuer BACK_TO_BACK = System::nanoTime;

  /**
   * Server: queries arrive at exponentially distributed intervals (mean 1/rate, seeded) and are served one at a
   * time in arrival order; each latency runs from arrival to completion, so a query that waits behind another
   * counts its wait.
   */
  private static Issuer poisson(double rate, long seed, long begin) {
    PoissonArrivals arrivals = new PoissonArrivals(rate, seed);
    long[] arrival = {begin};
    return () -> {
      arrival[0] += arrivals.nextGapNanos();
      waitUntil(arrival[0]);
      return arrival[0];
    };
  }

  private static Timed timed(LoadedModel loaded, TrialParams params, MeasureSettings settings, Histogram latency,
      ProgressListener progress, Cancellation cancellation) throws Cancellation.CancelledException {
    long maxNanos = settings.maxDuration().toNanos();
    long queries = 0;
    long begin = System.nanoTime();
    Issuer issuer = params.scenario() == Scenario.SERVER ? poisson(params.rate(), settings.seed(), begin)
        : BACK_TO_BACK;
    Stalls stalls = new Stalls();
    long end = begin;
    long last = 0;
    long lastReport = begin;
    boolean capped = false;
    while (!done(queries, end - begin, settings)) {
      if (end - begin >= maxNanos) {
        capped = true;
        break;
      }
      cancellation.check();
      long start = issuer.next();
      loaded.run();
      end = System.nanoTime();
      last = end - start;
      latency.recordValue(last);
      stalls.query(start, end);
      progress.timed(last);
      queries++;
      if (end - lastReport > PROGRESS_EVERY_NANOS) {
        progress.progress(Phase.MEASURING, queries, settings.minQueries());
        lastReport = end;
      }
    }
    return new Timed(queries, end - begin, capped,
        stalls.disturbances(latency.getValueAtPercentile(50), end - begin, maxNanos, last));
  }

  /** Returns at {@code deadline} (System.nanoTime), parking while far from it and spinning when close. */
  static void waitUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > SPIN_NANOS) {
      LockSupport.parkNanos(left - SPIN_NANOS);
    }
    while (System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }
}
