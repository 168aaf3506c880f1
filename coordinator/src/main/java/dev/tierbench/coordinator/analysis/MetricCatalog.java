package dev.tierbench.coordinator.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every metric tierbench knows, by name. How each is resampled says where its noise comes from: latency
 * quantiles from the latencies and the repetitions; throughput and means from the repetitions and the
 * sampling error of the mean; system figures from the repetitions; accuracy from its binomial sampling
 * error; model costs are exact.
 */
public final class MetricCatalog {

  private static final Map<String, Metric> ALL = new LinkedHashMap<>();

  static {
    add(new Quantile("p50_ms", 0.50));
    add(new Quantile("p90_ms", 0.90));
    add(new Quantile("p99_ms", 0.99));
    add(new Quantile("p999_ms", 0.999));
    add(new MeanLatency());
    add(new Throughput());
    add(new AccuracyMetric());
    add(new RegressionMetric("r2", "R²", Direction.MAXIMIZE, 0,
        "coefficient of determination on the model's held-out set (1 is perfect)"));
    add(new RegressionMetric("mae", "target units", Direction.MINIMIZE, 1,
        "mean absolute error on the model's held-out set"));
    add(new Cost("flops", "FLOPs", "floating-point operations per sample (2 x MACs, plus element-wise ops)",
        v -> v.flops()));
    add(new Cost("macs", "MACs", "multiply-accumulates per sample", v -> v.macs()));
    add(new Cost("params", "parameters", "the model's parameters", v -> v.params()));
    add(new Cost("model_mb", "MB", "size of the model file (10^6 bytes)", v -> v.modelBytes() / 1e6));
    add(new Cost("training_s", "s", "time to train the variant on the coordinator (PyTorch, one thread)",
        v -> Double.isNaN(v.trainingSeconds()) ? -1 : v.trainingSeconds()));
    add(new Cost("training_flops", "FLOPs", "estimated work of training: 3 x 2 x MACs per sample seen",
        v -> Double.isNaN(v.trainingFlops()) ? -1 : v.trainingFlops()));
    add(new Figure("peak_rss_mb", "MB", "largest resident set of the measuring process (10^6 bytes)",
        Repetition.RSS_PEAK_BYTES, Aggregation.MAX, 1e-6));
    add(new Figure("cpu_percent", "%", "mean CPU share of the measuring process over all CPUs",
        Repetition.CPU_MEAN_RATIO, Aggregation.MEAN, 100));
    add(new Figure("temperature_c", "°C", "hottest temperature while measuring", Repetition.TEMPERATURE_MAX_C,
        Aggregation.MAX, 1));
    add(new EnergyPerInference());
    add(new Figure("load_ms", "ms", "time to load the model (median over repetitions)", Repetition.LOAD_MS,
        Aggregation.MEDIAN, 1));
    add(new Figure("first_inference_ms", "ms", "time of the first inference after loading (median)",
        Repetition.FIRST_INFERENCE_MS, Aggregation.MEDIAN, 1));
  }

  private MetricCatalog() {}

  private static void add(Metric metric) {
    ALL.put(metric.name(), metric);
  }

  public static List<Metric> all() {
    return List.copyOf(ALL.values());
  }

  public static Optional<Metric> find(String name) {
    return Optional.ofNullable(ALL.get(name));
  }

  /** The metrics at least one of {@code variants} has a figure for, in catalog order. */
  public static List<Metric> available(List<Variant> variants) {
    List<VariantSampler> samplers = variants.stream().map(VariantSampler::new).toList();
    List<Metric> available = new ArrayList<>();
    for (Metric metric : ALL.values()) {
      if (samplers.stream().anyMatch(s -> !Double.isNaN(metric.of(s.asMeasured())))) {
        available.add(metric);
      }
    }
    return available;
  }

  /**
   * A metric of this run by name.
   *
   * @throws UnknownMetricException naming the metrics that exist here (and saying when the name is a known
   *     metric this run has no figures for)
   */
  public static Metric require(String name, List<Metric> available) {
    Optional<Metric> known = find(name);
    if (known.isPresent() && available.contains(known.get())) {
      return known.get();
    }
    String names = available.stream().map(m -> m.name() + " (" + m.unit() + ", " + m.direction().word() + ")")
        .collect(Collectors.joining(", "));
    throw new UnknownMetricException(known.isPresent()
        ? "no variant of this run has " + name + " (" + known.get().description() + "); metrics here: " + names
        : "unknown metric '" + name + "'; metrics here: " + names, available);
  }

  private record Quantile(String name, double quantile) implements Metric {
    public String unit() {
      return "ms";
    }

    public Direction direction() {
      return Direction.MINIMIZE;
    }

    public Aggregation aggregation() {
      return Aggregation.MERGED_DISTRIBUTION;
    }

    public String description() {
      return "latency quantile " + quantile + " of the merged repetitions";
    }

    public double of(Resample r) {
      return r.latencyQuantile(quantile) / 1e6;
    }
  }

  private record MeanLatency() implements Metric {
    public String name() {
      return "mean_ms";
    }

    public String unit() {
      return "ms";
    }

    public Direction direction() {
      return Direction.MINIMIZE;
    }

    public Aggregation aggregation() {
      return Aggregation.MERGED_DISTRIBUTION;
    }

    public String description() {
      return "mean latency";
    }

    public double of(Resample r) {
      double sum = 0;
      double count = 0;
      List<Repetition> repetitions = r.variant().repetitions();
      for (int i = 0; i < repetitions.size(); i++) {
        LatencyDistribution latency = repetitions.get(i).latency();
        for (int t = 0; t < r.times(i); t++) {
          double mean = latency.mean() + r.gaussian() * latency.standardDeviation() / Math.sqrt(latency.count());
          sum += mean * latency.count();
          count += latency.count();
        }
      }
      return sum / count / 1e6;
    }
  }

  private record Throughput() implements Metric {
    public String name() {
      return "throughput";
    }

    public String unit() {
      return "samples/s";
    }

    public Direction direction() {
      return Direction.MAXIMIZE;
    }

    public Aggregation aggregation() {
      return Aggregation.RATIO_OF_SUMS;
    }

    public String description() {
      return "samples per second: batch x queries over measured time, summed over repetitions";
    }

    public double of(Resample r) {
      double queries = 0;
      double nanos = 0;
      List<Repetition> repetitions = r.variant().repetitions();
      for (int i = 0; i < repetitions.size(); i++) {
        Repetition rep = repetitions.get(i);
        for (int t = 0; t < r.times(i); t++) {
          // Closed loop: the time taken is the latencies' sum, so it carries the mean's sampling error.
          double factor = 1;
          if (r.variant().closedLoop() && rep.latency().mean() > 0) {
            double relativeError = rep.latency().standardDeviation() / rep.latency().mean()
                / Math.sqrt(rep.latency().count());
            factor = Math.max(0.01, 1 + r.gaussian() * relativeError);
          }
          queries += rep.queries();
          nanos += rep.durationNanos() * factor;
        }
      }
      return r.variant().batch() * queries * 1e9 / nanos;
    }
  }

  /** R² or MAE of a regression model, bootstrapped over the held-out samples. */
  private record RegressionMetric(String name, String unit, Direction direction, int index, String description)
      implements Metric {
    public Aggregation aggregation() {
      return Aggregation.HELD_OUT;
    }

    public double of(Resample r) {
      return r.regression()[index];
    }
  }

  private record AccuracyMetric() implements Metric {
    public String name() {
      return "accuracy";
    }

    public String unit() {
      return "ratio";
    }

    public Direction direction() {
      return Direction.MAXIMIZE;
    }

    public Aggregation aggregation() {
      return Aggregation.HELD_OUT;
    }

    public String description() {
      return "top-1 accuracy on the model's held-out set";
    }

    public double of(Resample r) {
      Accuracy accuracy = r.variant().accuracy();
      if (accuracy == null) {
        return Double.NaN;
      }
      return r.accuracy();
    }
  }

  private record Cost(String name, String unit, String description,
      java.util.function.ToDoubleFunction<Variant> cost) implements Metric {
    public Direction direction() {
      return Direction.MINIMIZE;
    }

    public Aggregation aggregation() {
      return Aggregation.EXACT;
    }

    public double of(Resample r) {
      double value = cost.applyAsDouble(r.variant());
      return value < 0 ? Double.NaN : value;
    }
  }

  /** A system figure each repetition samples, combined by a policy that takes per-repetition values. */
  private record Figure(String name, String unit, String description, String figure, Aggregation aggregation,
      double scale) implements Metric {
    Figure {
      if (aggregation != Aggregation.MAX && aggregation != Aggregation.MEAN && aggregation != Aggregation.MEDIAN) {
        throw new IllegalArgumentException(name + ": a per-repetition figure takes max, mean or median, not "
            + aggregation);
      }
    }

    public Direction direction() {
      return Direction.MINIMIZE;
    }

    public double of(Resample r) {
      List<Double> values = r.figures(figure);
      if (values.isEmpty()) {
        return Double.NaN;
      }
      return aggregation.combine(values.stream().mapToDouble(Double::doubleValue).toArray()) * scale;
    }
  }

  private record EnergyPerInference() implements Metric {
    public String name() {
      return "energy_per_inference_j";
    }

    public String unit() {
      return "J";
    }

    public Direction direction() {
      return Direction.MINIMIZE;
    }

    public Aggregation aggregation() {
      return Aggregation.RATIO_OF_SUMS;
    }

    public String description() {
      return "energy per sample: joules measured over samples served, when every repetition measured energy";
    }

    public double of(Resample r) {
      double joules = 0;
      double samples = 0;
      List<Repetition> repetitions = r.variant().repetitions();
      for (int i = 0; i < repetitions.size(); i++) {
        double energy = repetitions.get(i).figure(Repetition.ENERGY_J);
        if (Double.isNaN(energy)) {
          return Double.NaN;
        }
        joules += r.times(i) * energy;
        samples += (double) r.times(i) * repetitions.get(i).queries() * r.variant().batch();
      }
      return joules / samples;
    }
  }
}
