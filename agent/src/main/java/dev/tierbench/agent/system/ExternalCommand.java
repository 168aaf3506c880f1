package dev.tierbench.agent.system;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the short-lived tools the samplers poll (nvidia-smi, vcgencmd) with a deadline, and finds tools on the
 * PATH without starting anything, so that detection on a machine without them costs nothing and never throws.
 */
final class ExternalCommand {

  /** stdout and stderr are drained on these threads: a tool that fills a pipe must not block its own exit. */
  private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "system-command-reader");
    t.setDaemon(true);
    return t;
  });

  private ExternalCommand() {}

  /** What a finished command printed. */
  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  /**
   * The executable called {@code program} in the first directory of {@code pathVariable} (a PATH value) that
   * holds one, as an absolute path; empty when none does or the value is null.
   */
  static Optional<Path> findOnPath(String program, String pathVariable) {
    if (pathVariable == null || pathVariable.isEmpty()) {
      return Optional.empty();
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      try {
        Path candidate = Path.of(dir, program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate.toAbsolutePath());
        }
      } catch (RuntimeException e) {
        // An invalid PATH entry (bad characters) is skipped like a missing directory.
      }
    }
    return Optional.empty();
  }

  /** {@link #findOnPath(String, String)} on this process's PATH. */
  static Optional<Path> findOnPath(String program) {
    return findOnPath(program, System.getenv("PATH"));
  }

  /**
   * Runs {@code command} and waits at most {@code timeout} for it to exit.
   *
   * @throws IOException when it cannot be started or does not finish in time (it is then killed)
   */
  static Result run(List<String> command, Duration timeout) throws IOException {
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        kill(process);
        throw new IOException(command.get(0) + " did not finish within " + timeout.toMillis() + " ms");
      }
      // The pipes close at exit unless a child of the tool still holds them: bound that wait too.
      long left = Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100));
      return new Result(process.exitValue(), out.get(left, TimeUnit.NANOSECONDS),
          err.get(left, TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    } catch (TimeoutException e) {
      kill(process);
      throw new IOException(command.get(0) + " kept its output open past " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw new IOException("reading the output of " + command.get(0), e.getCause());
    }
  }

  /** Kills the process and whatever it started, so no orphan keeps running or holds the pipes. */
  static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, READERS);
  }
}
