package dev.tierbench.agent.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Jetson figures from one long-running {@code tegrastats --interval N} (tegrastats cannot print a single line
 * and exit, and starting it per sample would cost more than the sample): a daemon thread parses each line as
 * it comes, {@link #sample()} returns the latest. Close it to stop the process.
 */
public final class TegrastatsSampler implements Sampler {

  private final Process process;
  private final Thread reader;
  private volatile Map<String, Double> latest = Map.of();
  private volatile boolean closed;

  private TegrastatsSampler(Process process) {
    this.process = process;
    this.reader = new Thread(this::readLines, "tegrastats-reader");
    reader.setDaemon(true);
  }

  /**
   * A started sampler when {@code tegrastats} is on the PATH and starts; empty otherwise, never an exception.
   *
   * @param interval how often tegrastats prints (at least 1 ms)
   */
  public static Optional<TegrastatsSampler> detect(Duration interval) {
    return detect(System.getenv("PATH"), interval);
  }

  static Optional<TegrastatsSampler> detect(String pathVariable, Duration interval) {
    try {
      Optional<Path> executable = ExternalCommand.findOnPath("tegrastats", pathVariable);
      if (executable.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(start(List.of(executable.get().toString(), "--interval",
          Long.toString(Math.max(1, interval.toMillis())))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static TegrastatsSampler start(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    process.getOutputStream().close();
    TegrastatsSampler sampler = new TegrastatsSampler(process);
    sampler.reader.start();
    return sampler;
  }

  private void readLines() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        Map<String, Double> metrics = Tegrastats.parse(line);
        if (!metrics.isEmpty()) {
          latest = metrics; // a junk line (a warning, a blank) keeps the previous figures
        }
      }
    } catch (IOException e) {
      // The stream closes under us when close() kills the process; sample() reports an unexpected end.
    }
  }

  @Override
  public String name() {
    return "tegrastats";
  }

  /**
   * The latest line's metrics; empty before the first line.
   *
   * @throws IOException once tegrastats has ended without being closed: its last figures would go stale
   */
  @Override
  public Map<String, Double> sample() throws IOException {
    if (!closed && !process.isAlive()) {
      throw new IOException("tegrastats exited with " + process.exitValue());
    }
    return latest;
  }

  @Override
  public void close() {
    closed = true;
    process.destroy(); // SIGTERM first: tegrastats exits cleanly on it
    try {
      if (!process.waitFor(1, TimeUnit.SECONDS)) {
        ExternalCommand.kill(process);
      }
      reader.join(1000);
    } catch (InterruptedException e) {
      ExternalCommand.kill(process);
      Thread.currentThread().interrupt();
    }
  }
}
