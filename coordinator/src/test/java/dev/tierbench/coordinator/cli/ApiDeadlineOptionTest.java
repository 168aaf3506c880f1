package dev.tierbench.coordinator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.cli.Cli;

/**
 * {@code --api-deadline} is the config key {@code api-deadline}, defaults to 10 s and reaches the coordinator's
 * settings (outside its range it is refused: {@link CommandLineErrorsTest}).
 */
class ApiDeadlineOptionTest {

  @TempDir
  Path dir;

  private static Duration deadline(String... args) {
    RunCommand run = (RunCommand) Cli.commandLine(new TierbenchCli(), args).parseArgs(args).subcommand()
        .commandSpec().userObject();
    return run.coordinator.settings("c", "127.0.0.1", "127.0.0.1").apiDeadline();
  }

  @Test
  void theDefaultTheConfigFileAndTheFlagEachReachTheSettings() throws Exception {
    Path config = Files.writeString(dir.resolve("c.yaml"), "api-deadline: 2.5s\n");
    assertEquals(Duration.ofSeconds(10), deadline("run", "s.yaml"));
    assertEquals(Duration.ofMillis(2_500), deadline("run", "s.yaml", "--config", config.toString()));
    assertEquals(Duration.ofMillis(250), deadline("run", "s.yaml", "--config", config.toString(),
        "--api-deadline", "250ms"));
  }

  @Test
  void theEndsOfTheRangeAreTaken() {
    assertEquals(Duration.ofMillis(1), deadline("run", "s.yaml", "--api-deadline", "1ms"));
    assertEquals(Duration.ofMinutes(1), deadline("run", "s.yaml", "--api-deadline", "1m"));
  }
}
