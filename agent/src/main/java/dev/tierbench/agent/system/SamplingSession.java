package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.common.protocol.MetricSummary;

/**
 * Samples every source at a fixed interval on its own thread (never the measuring one) while a measurement
 * runs, then summarises each metric, the energy used, and what may have disturbed the figures. A source that
 * fails is logged once and left out for the rest of the session; the measurement goes on.
 */
public final class SamplingSession {

  private static final Logger LOG = LoggerFactory.getLogger(SamplingSession.class);
  /** A frequency spread beyond this share of the highest frequency is worth telling the user about. */
  private static final double FREQUENCY_SPREAD = 0.10;
  /** System CPU use beyond this process's by this share of the machine means someone else was busy. */
  private static final double OTHER_LOAD = 0.25;

  /** Live figures go out about this often (the summaries that count travel with the result). */
  private static final long PUBLISH_EVERY_NANOS = 1_000_000_000L;

  private final List<Sampler> active;
  private final Consumer<Map<String, Double>> live;
  private long lastPublished = System.nanoTime();
  private final Map<String, double[]> series = new LinkedHashMap<>();
  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private final ScheduledExecutorService thread;

  private SamplingSession(List<Sampler> samplers, Duration interval, Consumer<Map<String, Double>> live) {
    this.active = new ArrayList<>(samplers);
    this.live = live;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tierbench-sampler");
      t.setDaemon(true);
      return t;
    });
    sampleAll();
    thread.scheduleAtFixedRate(this::sampleAll, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Starts sampling now (a first sample is taken at once). */
  public static SamplingSession start(List<Sampler> samplers, Duration interval) {
    return start(samplers, interval, values -> { });
  }

  /** As {@link #start(List, Duration)}, handing the latest values to {@code live} about once a second. */
  public static SamplingSession start(List<Sampler> samplers, Duration interval,
      Consumer<Map<String, Double>> live) {
    return new SamplingSession(samplers, interval, live);
  }

  /**
   * One tick: every source in order. A metric two sources report (temperature from tegrastats and sysfs on a
   * Jetson, say) is taken from the first, the most specific, so the series never mixes sources.
   */
  private synchronized void sampleAll() {
    Map<String, Double> latest = new LinkedHashMap<>();
    for (Sampler sampler : List.copyOf(active)) {
      try {
        sampler.sample().forEach((metric, value) -> {
          if (!latest.containsKey(metric) && Double.isFinite(value)) {
            latest.put(metric, value);
            record(metric, value);
          }
        });
      } catch (Exception e) {
        if (Thread.currentThread().isInterrupted()) {
          return; // the session is stopping: the sample in flight was abandoned, its source is not broken
        }
        LOG.warn("system metrics from {} are not available for the rest of this measurement: {}", sampler.name(),
            e.toString());
        active.remove(sampler);
      }
    }
    long now = System.nanoTime();
    if (now - lastPublished >= PUBLISH_EVERY_NANOS && !latest.isEmpty()) {
      lastPublished = now;
      live.accept(latest);
    }
  }

  private void record(String metric, double value) {
    double[] values = series.computeIfAbsent(metric, m -> new double[16]);
    int n = counts.getOrDefault(metric, 0);
    if (n == values.length) {
      values = Arrays.copyOf(values, n * 2);
      series.put(metric, values);
    }
    values[n] = value;
    counts.put(metric, n + 1);
  }

  /** What a session found. {@code energyJoules} is NaN when no source counts energy. */
  public record Result(List<MetricSummary> metrics, double energyJoules, List<String> disturbances) {}

  /** Stops sampling (after one last sample) and summarises. */
  public Result stop() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      sampleAll();
      List<MetricSummary> summaries = new ArrayList<>();
      for (Map.Entry<String, double[]> entry : series.entrySet()) {
        summaries.add(summarise(entry.getKey(), Arrays.copyOf(entry.getValue(), counts.get(entry.getKey()))));
      }
      return new Result(summaries, energy(), disturbances(summaries));
    }
  }

  static MetricSummary summarise(String metric, double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(values).average().orElseThrow();
    int p95 = Math.min(sorted.length - 1, (int) Math.ceil(0.95 * sorted.length) - 1);
    return new MetricSummary(metric, values.length, sorted[0], mean, sorted[sorted.length - 1], sorted[p95]);
  }

  /** The energy counter's increase over the session. */
  private double energy() {
    Integer n = counts.get(SystemMetrics.ENERGY);
    if (n == null || n < 2) {
      return Double.NaN;
    }
    double[] values = series.get(SystemMetrics.ENERGY);
    return values[n - 1] - values[0];
  }

  static List<String> disturbances(List<MetricSummary> summaries) {
    Map<String, MetricSummary> by = new LinkedHashMap<>();
    summaries.forEach(s -> by.put(s.metric(), s));
    List<String> found = new ArrayList<>();
    MetricSummary frequency = by.get(SystemMetrics.CPU_FREQUENCY);
    if (frequency != null && frequency.max() > 0 && (frequency.max() - frequency.min()) / frequency.max() > FREQUENCY_SPREAD) {
      found.add(String.format(Locale.ROOT, "CPU frequency varied from %.0f to %.0f MHz", frequency.min() / 1e6,
          frequency.max() / 1e6));
    }
    MetricSummary temperature = by.get(SystemMetrics.TEMPERATURE);
    MetricSummary trip = by.get(SysfsThermal.TEMPERATURE_TRIP);
    if (temperature != null && trip != null && temperature.max() >= trip.min()) {
      found.add(String.format(Locale.ROOT, "temperature reached %.1f °C, at or above the %.1f °C trip point",
          temperature.max(), trip.min()));
    }
    MetricSummary throttled = by.get(SystemMetrics.THROTTLED);
    if (throttled != null && throttled.max() >= 1) {
      found.add("the board reported throttling or frequency capping");
    }
    MetricSummary system = by.get(SystemMetrics.CPU_SYSTEM);
    MetricSummary process = by.get(SystemMetrics.CPU_PROCESS);
    if (system != null && process != null && system.mean() - process.mean() > OTHER_LOAD) {
      found.add(String.format(Locale.ROOT, "other processes used %.0f %% of the CPUs",
          100 * (system.mean() - process.mean())));
    }
    return found;
  }
}
