package dev.tierbench.common.metrics;

import java.util.EnumSet;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * One process's Prometheus metrics: a registry with JVM and process metrics bound, which Vert.x's own metrics
 * (event bus, HTTP server and client, pools) also go to, scraped as Prometheus text.
 */
public final class Monitoring {

  /** The Prometheus text exposition format the scrape is written in. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * Vert.x labels kept: all have few values. Event-bus addresses are left out because every reply travels to
   * an address of its own, which would make a series per request.
   */
  private static final EnumSet<Label> VERTX_LABELS = EnumSet.of(Label.EB_SIDE, Label.EB_FAILURE, Label.HTTP_METHOD,
      Label.HTTP_CODE, Label.HTTP_ROUTE, Label.POOL_TYPE, Label.POOL_NAME);

  private final PrometheusMeterRegistry registry;

  private Monitoring(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  public static Monitoring create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Buckets for the HTTP server's response times, so that histogram_quantile() works on them. Only there:
    // Vert.x's own switch turns every timer into a histogram, and a timer that already exists as a summary
    // (the JVM's GC pauses) then breaks the scrape when it gains a series.
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        return id.getName().startsWith("vertx.http.server.response.time")
            ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config) : config;
      }
    });
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return new Monitoring(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** What Vert.x needs to report into this registry: its options and its metrics factory. */
  public MetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions().setEnabled(true).setLabels(VERTX_LABELS);
  }

  public VertxMetricsFactory vertxMetrics() {
    return new MicrometerMetricsFactory(registry);
  }

  public String scrape() {
    return registry.scrape();
  }

  /** Answers a scrape; a meter that fails while the process stops makes this a 503, never a crash. */
  public void respond(HttpServerResponse response) {
    String text;
    try {
      text = scrape();
    } catch (RuntimeException e) {
      response.setStatusCode(503).putHeader("content-type", "text/plain").end("metrics unavailable: " + e + "\n");
      return;
    }
    response.putHeader("content-type", CONTENT_TYPE).end(text);
  }
}
