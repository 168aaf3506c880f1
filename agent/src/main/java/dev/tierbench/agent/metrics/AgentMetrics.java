package dev.tierbench.agent.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.tierbench.common.metrics.SystemMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * One agent's Prometheus metrics, every series labelled with its tier and id: inference latency as a
 * histogram per model family and scenario (never per trial or model, so a sweep of thousands of trials adds
 * no series), what it is doing, the system figures its samplers report, heartbeats and its model cache.
 */
public final class AgentMetrics {

  /**
   * Latency bucket bounds, in milliseconds: from a tiny MLP on a server to a large CNN on a Pi, densest where
   * edge inference lives. 26 buckets, not Micrometer's ~90: a live view needs the shape, and the exact
   * quantiles come from each result's HdrHistogram.
   */
  private static final double[] BUCKETS_MS = {0.1, 0.2, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200,
      300, 500, 750, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000};
  private static final Duration[] BUCKETS = java.util.Arrays.stream(BUCKETS_MS)
      .mapToObj(ms -> Duration.ofNanos(Math.round(ms * 1e6))).toArray(Duration[]::new);

  /** How a task in hand can end. */
  public static final java.util.List<String> OUTCOMES = java.util.List.of("done", "failed", "released", "lost");

  private final MeterRegistry registry;
  private final Tags tags;
  private final String address;
  private final Map<String, Meters> byWorkload = new ConcurrentHashMap<>();
  private final Map<String, Double> system = new ConcurrentHashMap<>();
  private final AtomicReference<Double> busy = new AtomicReference<>(0.0);
  private final AtomicReference<Double> progress = new AtomicReference<>(0.0);
  private final Counter heartbeats;

  /** The latency histogram and counter of one family and scenario. */
  public record Meters(Timer latency, Counter inferences) {
    public void record(long nanos) {
      latency.record(nanos, TimeUnit.NANOSECONDS);
      inferences.increment();
    }
  }

  /**
   * @param address host:port where these metrics are served, or empty when they are not served on their own
   *     (in-process agents, whose registry is the coordinator's)
   */
  public AgentMetrics(MeterRegistry registry, String tier, String agentId, String address) {
    this.registry = registry;
    this.tags = Tags.of("tier", tier, "agent", agentId);
    this.address = address;
    Gauge.builder("tierbench.agent.busy", busy, AtomicReference::get).tags(tags)
        .description("1 while the agent holds a task").register(registry);
    Gauge.builder("tierbench.agent.task.progress", progress, AtomicReference::get).tags(tags).baseUnit("ratio")
        .description("share of the task in hand measured (timed queries against the minimum)").register(registry);
    heartbeats = Counter.builder("tierbench.agent.heartbeats").tags(tags)
        .description("heartbeats sent to the coordinator").register(registry);
    // At 0 from the start, so that rate() sees the first of each.
    OUTCOMES.forEach(this::tasks);
  }

  /** Metrics that go nowhere: for agents nobody scrapes (tests, tools). */
  public static AgentMetrics none(String tier, String agentId) {
    return new AgentMetrics(new CompositeMeterRegistry(), tier, agentId, "");
  }

  public String address() {
    return address;
  }

  public Meters workload(String family, String scenario) {
    return byWorkload.computeIfAbsent(family + "\u0000" + scenario, k -> {
      Tags workload = tags.and("family", family, "scenario", scenario);
      return new Meters(Timer.builder("tierbench.inference.latency").tags(workload)
          .description("latency of one timed query (a batch), warm-up excluded")
          .serviceLevelObjectives(BUCKETS).register(registry),
          Counter.builder("tierbench.inferences").tags(workload).description("timed queries run")
              .register(registry));
    });
  }

  public void taskStarted() {
    progress.set(0.0);
    busy.set(1.0);
  }

  public void progress(long done, long total) {
    progress.set(total > 0 ? Math.min(1.0, done / (double) total) : 0.0);
  }

  /** @param outcome one of {@link #OUTCOMES} */
  public void taskEnded(String outcome) {
    busy.set(0.0);
    tasks(outcome).increment();
  }

  private Counter tasks(String outcome) {
    return Counter.builder("tierbench.agent.tasks").tags(tags.and("outcome", outcome))
        .description("tasks this agent finished: done, failed, released (handed back) or lost (lease taken back)")
        .register(registry);
  }

  public void heartbeat() {
    heartbeats.increment();
  }

  /** The latest figures of the samplers; a metric appears once a sampler has reported it. */
  public void system(Map<String, Double> values) {
    values.forEach((name, value) -> {
      if (system.put(name, value) == null) {
        register(name);
      }
    });
  }

  private void register(String name) {
    if (name.equals(SystemMetrics.ENERGY)) {
      FunctionCounter.builder("tierbench." + name, system, s -> s.getOrDefault(name, Double.NaN)).tags(tags)
          .description("energy used since the sampler started (RAPL, wrap-around handled)").register(registry);
    } else {
      Gauge.builder("tierbench." + name, system, s -> s.getOrDefault(name, Double.NaN)).tags(tags)
          .description("latest " + name.replace('_', ' ') + " from the system samplers").register(registry);
    }
  }

  /** The size of the model cache, read when scraped. */
  public void modelCache(Path dir) {
    Gauge.builder("tierbench.agent.model.cache", dir, AgentMetrics::size).tags(tags).baseUnit("bytes")
        .description("bytes of models in the agent's cache").register(registry);
  }

  private static double size(Path dir) {
    try (var files = java.nio.file.Files.list(dir)) {
      return files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }
}
