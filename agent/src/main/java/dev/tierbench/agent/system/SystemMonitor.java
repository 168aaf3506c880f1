package dev.tierbench.agent.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The system metric sources of this machine and how often to read them; sampling off when the interval is 0.
 * Platform-specific sources come before generic ones, so a metric both report is read from the specific one.
 */
public final class SystemMonitor implements AutoCloseable {

  private final List<Sampler> samplers;
  private final Duration interval;

  public SystemMonitor(List<Sampler> samplers, Duration interval) {
    this.samplers = List.copyOf(samplers);
    this.interval = interval;
  }

  /** No sampling at all: measurements carry no system metrics. */
  public static SystemMonitor off() {
    return new SystemMonitor(List.of(), Duration.ZERO);
  }

  /** This process through OSHI plus whatever platform sources the machine has. */
  public static SystemMonitor detect(Duration interval) {
    return detect(Path.of("/"), interval);
  }

  /** The same, with the machine's {@code sys/} under {@code root} (a container mounting the host's at /host). */
  public static SystemMonitor detect(Path root, Duration interval) {
    if (interval.isZero()) {
      return off();
    }
    List<Sampler> samplers = new ArrayList<>(Samplers.detect(root, interval));
    samplers.add(new ProcessSampler());
    return new SystemMonitor(samplers, interval);
  }

  public boolean enabled() {
    return !samplers.isEmpty() && !interval.isZero();
  }

  /** Starts sampling for one measurement, or returns null when sampling is off; see {@link SamplingSession}. */
  public SamplingSession start(java.util.function.Consumer<java.util.Map<String, Double>> live) {
    return enabled() ? SamplingSession.start(samplers, interval, live) : null;
  }

  public List<String> sources() {
    return samplers.stream().map(Sampler::name).toList();
  }

  /** Stops the sources that hold a child process (tegrastats). */
  @Override
  public void close() {
    samplers.forEach(Sampler::close);
  }
}
