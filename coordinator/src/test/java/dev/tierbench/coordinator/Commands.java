package dev.tierbench.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tierbench.common.cli.Cli;
import dev.tierbench.coordinator.cli.TierbenchCli;
import picocli.CommandLine;

/** Programs the integration tests run to the end (scripts, linters, tools), and tierbench command lines they parse. */
final class Commands {

  /** How a program ended: its exit status and its output (stdout and stderr together). */
  record Result(int status, String output) {}

  private Commands() {}

  /** Runs {@code command} in {@code workDir} (null: here) to its end, at most 5 minutes. */
  static Result run(Path workDir, List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
    return new Result(process.exitValue(), output);
  }

  /** The same, failing the test unless it exits 0; its output. */
  static String succeed(List<String> command) throws Exception {
    Result result = run(null, command);
    assertEquals(0, result.status(), String.join(" ", command) + ":\n" + result.output());
    return result.output();
  }

  /** {@code tierbench COMMAND FLAGS...} parsed as the CLI parses it (config files and defaults included). */
  static CommandLine parse(String command, List<String> flags) {
    List<String> line = new ArrayList<>(List.of(command));
    line.addAll(flags);
    String[] argv = line.toArray(String[]::new);
    return Cli.commandLine(new TierbenchCli(), argv).parseArgs(argv).subcommand().commandSpec().commandLine();
  }
}
