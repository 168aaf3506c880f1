package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Raspberry Pi figures from {@code vcgencmd measure_temp}, {@code get_throttled} and {@code measure_clock arm},
 * run at each sample (vcgencmd asks the firmware and exits in milliseconds), parsed by {@link Vcgencmd}.
 */
public final class VcgencmdSampler implements Sampler {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  static final List<List<String>> COMMANDS =
      List.of(List.of("measure_temp"), List.of("get_throttled"), List.of("measure_clock", "arm"));

  private final String executable;
  private final Duration timeout;

  VcgencmdSampler(Path executable, Duration timeout) {
    this.executable = executable.toString();
    this.timeout = timeout;
  }

  /**
   * A sampler when {@code vcgencmd} is on the PATH and answers {@code measure_temp} (it is installed on some
   * non-Pi systems, where it fails without the firmware interface); empty otherwise, never an exception.
   */
  public static Optional<VcgencmdSampler> detect() {
    return detect(System.getenv("PATH"));
  }

  static Optional<VcgencmdSampler> detect(String pathVariable) {
    try {
      Optional<Path> path = ExternalCommand.findOnPath("vcgencmd", pathVariable);
      if (path.isEmpty()) {
        return Optional.empty();
      }
      VcgencmdSampler sampler = new VcgencmdSampler(path.get(), DEFAULT_TIMEOUT);
      ExternalCommand.Result probe = sampler.run(COMMANDS.get(0));
      return probe.ok() && Vcgencmd.parse(probe.stdout()).containsKey(SystemMetrics.TEMPERATURE)
          ? Optional.of(sampler)
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public String name() {
    return "vcgencmd";
  }

  /**
   * The three commands' figures. One that fails (old firmware without get_throttled, say) leaves its metrics
   * absent.
   *
   * @throws IOException when none of them succeeds
   */
  @Override
  public Map<String, Double> sample() throws IOException {
    StringBuilder output = new StringBuilder();
    String failure = null;
    for (List<String> arguments : COMMANDS) {
      ExternalCommand.Result result = run(arguments);
      if (result.ok()) {
        output.append(result.stdout()).append('\n');
      } else {
        failure = "vcgencmd " + String.join(" ", arguments) + " exited with " + result.exitCode() + ": "
            + (result.stderr() + result.stdout()).strip();
      }
    }
    if (output.length() == 0) {
      throw new IOException(failure);
    }
    return Vcgencmd.parse(output.toString());
  }

  private ExternalCommand.Result run(List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(arguments);
    return ExternalCommand.run(command, timeout);
  }
}
