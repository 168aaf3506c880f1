package dev.tierbench.agent.measure;

import java.nio.file.Path;

import org.HdrHistogram.Histogram;

import dev.tierbench.agent.runtime.InferenceRuntime;
import dev.tierbench.agent.runtime.LoadedModel;
import dev.tierbench.agent.runtime.ModelLoadException;
import dev.tierbench.common.protocol.EncodedHistogram;
import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.Measurement;
import dev.tierbench.common.protocol.Phase;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.stats.Histograms;

/**
 * Measures one model: load (timed), first inference (timed), warm-up, then timed queries into a histogram
 * until both the minimum duration and the minimum count are reached, or the maximum duration passes.
 * Nothing but {@link LoadedModel#run()} sits between the two clock reads of a query.
 */
public final class Measurer {

  private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

  private final InferenceRuntime runtime;

  public Measurer(InferenceRuntime runtime) {
    this.runtime = runtime;
  }

  public Measurement measure(Path model, TrialParams params, MeasureSettings settings, ProgressListener progress,
      Cancellation cancellation) throws ModelLoadException, Cancellation.CancelledException {
    long startedAtMillis = System.currentTimeMillis();
    progress.progress(Phase.LOADING, 0, 0);
    long loadStart = System.nanoTime();
    try (LoadedModel loaded = runtime.load(model, params)) {
      long loadNanos = System.nanoTime() - loadStart;

      long firstStart = System.nanoTime();
      loaded.run();
      long firstInferenceNanos = System.nanoTime() - firstStart;

      long lastReport = System.nanoTime();
      for (int i = 0; i < settings.warmup(); i++) {
        cancellation.check();
        loaded.run();
        if (System.nanoTime() - lastReport > PROGRESS_EVERY_NANOS) {
          progress.progress(Phase.WARMING_UP, i + 1, settings.warmup());
          lastReport = System.nanoTime();
        }
      }

      Histogram latency = Histograms.create();
      long minNanos = settings.minDuration().toNanos();
      long maxNanos = settings.maxDuration().toNanos();
      long queries = 0;
      long begin = System.nanoTime();
      long end = begin;
      boolean capped = false;
      while (queries < settings.minQueries() || end - begin < minNanos) {
        if (end - begin >= maxNanos) {
          capped = true;
          break;
        }
        cancellation.check();
        long start = System.nanoTime();
        loaded.run();
        end = System.nanoTime();
        latency.recordValue(end - start);
        queries++;
        if (end - lastReport > PROGRESS_EVERY_NANOS) {
          progress.progress(Phase.MEASURING, queries, settings.minQueries());
          lastReport = end;
        }
      }
      return new Measurement(runtime.describe(), loadNanos, firstInferenceNanos, settings.warmup(), queries,
          end - begin, EncodedHistogram.of(latency), capped, startedAtMillis);
    }
  }
}
