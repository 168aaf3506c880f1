package dev.tierbench.agent.system;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * NVIDIA GPU figures from {@link NvidiaSmi#COMMAND}, run once per sample. With several GPUs it reports
 * {@link NvidiaSmi#aggregate(List) their aggregate}: power and memory summed, utilization, temperature and clock the
 * maximum, so a busy GPU shows whichever one the model ran on.
 *
 * <p>Each run starts a process (tens of milliseconds, more without persistence mode): acceptable for a
 * sample every 100 ms, and simpler to keep correct than a long-running {@code -lms} loop.
 */
public final class NvidiaSmiSampler implements Sampler {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  private final List<String> command;
  private final Duration timeout;

  NvidiaSmiSampler(Path executable, Duration timeout) {
    List<String> command = new ArrayList<>(NvidiaSmi.COMMAND);
    command.set(0, executable.toString());
    this.command = List.copyOf(command);
    this.timeout = timeout;
  }

  /**
   * A sampler when {@code nvidia-smi} is on the PATH and reports at least one GPU; empty otherwise (no tool,
   * no driver, no GPU, a failure), never an exception.
   */
  public static Optional<NvidiaSmiSampler> detect() {
    return detect(System.getenv("PATH"));
  }

  static Optional<NvidiaSmiSampler> detect(String pathVariable) {
    try {
      Optional<Path> executable = ExternalCommand.findOnPath("nvidia-smi", pathVariable);
      if (executable.isEmpty()) {
        return Optional.empty();
      }
      // A real query rather than --version: it also fails when the driver is not loaded or no GPU is visible.
      NvidiaSmiSampler sampler = new NvidiaSmiSampler(executable.get(), DEFAULT_TIMEOUT);
      return sampler.query().isEmpty() ? Optional.empty() : Optional.of(sampler);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String name() {
    return "nvidia-smi";
  }

  @Override
  public Map<String, Double> sample() throws IOException {
    return NvidiaSmi.aggregate(query());
  }

  private List<Map<String, Double>> query() throws IOException {
    ExternalCommand.Result result = ExternalCommand.run(command, timeout);
    if (!result.ok()) {
      throw new IOException("nvidia-smi exited with " + result.exitCode() + ": "
          + (result.stderr() + result.stdout()).strip());
    }
    return NvidiaSmi.parse(result.stdout());
  }
}
