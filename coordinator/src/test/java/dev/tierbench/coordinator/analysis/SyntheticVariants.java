package dev.tierbench.coordinator.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;

import dev.tierbench.common.stats.Histograms;

/** Variants built from known latency distributions, for analysis tests with answers known in advance. */
public final class SyntheticVariants {

  private SyntheticVariants() {}

  /** Latencies of one repetition: {@code count} draws of median × exp(N(0, spread)), in nanoseconds. */
  public static Histogram latencies(SplittableRandom random, double medianMs, double spread, int count) {
    Histogram histogram = Histograms.create();
    for (int i = 0; i < count; i++) {
      double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
      histogram.recordValue(Math.max(1, Math.round(medianMs * 1e6 * Math.exp(spread * gaussian))));
    }
    return histogram;
  }

  /** HdrHistogram's own merge (counts added) of {@code parts}, summarised: the oracle for tierbench's merge. */
  public static dev.tierbench.common.stats.LatencySummary hdrMerged(List<Histogram> parts) {
    Histogram merged = Histograms.create();
    parts.forEach(merged::add);
    return dev.tierbench.common.stats.LatencySummary.of(merged);
  }

  public static Repetition repetition(Histogram latencies, int batch) {
    long nanos = Math.round(latencies.getMean() * latencies.getTotalCount());
    return new Repetition("task", LatencyDistribution.of(latencies), latencies.getTotalCount(), nanos, Map.of(), true,
        "host", "synthetic", List.of());
  }

  /** A variant whose repetitions each draw {@code count} latencies around {@code medianMs}. */
  public static Variant variant(String name, String tier, long flops, double medianMs, double spread, int reps, int count,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Repetition> repetitions = new ArrayList<>();
    for (int r = 0; r < reps; r++) {
      repetitions.add(repetition(latencies(random, medianMs, spread, count), 1));
    }
    return new Variant(name, tier, name, "synthetic", "float32", axes(1), flops, flops / 2, flops / 100, flops / 10, 1, true,
        repetitions, null);
  }

  public static Variant withAccuracy(Variant v, long correct, long total) {
    return new Variant(v.trialId(), v.tier(), v.model(), v.family(), v.quantization(), v.axes(), v.flops(), v.macs(), v.params(),
        v.modelBytes(), v.batch(), v.closedLoop(), v.repetitions(), new Accuracy("synthetic", correct, total));
  }

  /** The same variant as if each query carried {@code batch} samples. */
  public static Variant withBatch(Variant v, int batch) {
    return new Variant(v.trialId(), v.tier(), v.model(), v.family(), v.quantization(), axes(batch), v.flops(), v.macs(), v.params(),
        v.modelBytes(), batch, v.closedLoop(), v.repetitions(), v.accuracy());
  }

  public static Variant withFamily(Variant v, String family) {
    return new Variant(v.trialId(), v.tier(), v.model(), family, v.quantization(), v.axes(), v.flops(), v.macs(), v.params(),
        v.modelBytes(), v.batch(), v.closedLoop(), v.repetitions(), v.accuracy());
  }

  public static Map<String, String> axes(int batch) {
    Map<String, String> axes = new LinkedHashMap<>();
    axes.put("batch", Integer.toString(batch));
    axes.put("threads", "1");
    axes.put("xnnpack", "true");
    axes.put("scenario", "single-stream");
    axes.put("rate", "0");
    axes.put("cpus", "");
    return axes;
  }
}
