package dev.tierbench.common.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.fuzz.Mutations;

/**
 * Mutations of valid config files: each must be read, or refused with one line that starts with the file's name,
 * in bounded time; no other exception may escape. Seeded, so a failure names the input it failed on.
 */
class ConfigFileFuzzTest {

  private static final int INPUTS = 2_000;
  private static final long BUDGET_NANOS = 20_000_000_000L;
  private static final long ONE_INPUT_NANOS = 2_000_000_000L;

  /** The README's agent config and one each for the coordinator and a measurement. */
  private static final List<String> VALID = List.of("""
      # agent.yaml
      tier: iot
      cluster: 10.0.0.5:5701
      label: [board=pi4, room=lab]
      """, """
      http-port: 9000
      lease-timeout: 5s
      fresh: true
      cluster:
        - 10.0.0.1:5701
        - 10.0.0.2:5701
      max-tasks: 500
      """, """
      batch: 4
      threads: 2
      tier:
      sample-interval: 100ms
      """);

  @TempDir
  Path dir;

  @Test
  void everyMutatedConfigIsReadOrRefusedInOneLineNamingTheFile() throws Exception {
    Mutations mutations = new Mutations(15);
    Path file = dir.resolve("fuzz.yaml");
    long start = System.nanoTime();
    int refused = 0;
    for (int i = 0; i < INPUTS; i++) {
      byte[] input = mutations.mutate(VALID.get(i % VALID.size()));
      Files.write(file, input);
      long before = System.nanoTime();
      try {
        ConfigDefaultProvider.fromFile(file);
      } catch (ConfigException e) {
        refused++;
        String message = e.getMessage();
        if (!message.startsWith(file + ":") || message.contains("\n") || message.contains("\tat ")) {
          fail("input " + i + " was refused with '" + message + "'\n" + new String(input, StandardCharsets.UTF_8));
        }
      } catch (RuntimeException | StackOverflowError e) {
        fail("input " + i + " escaped as " + e + "\n" + new String(input, StandardCharsets.UTF_8), e);
      }
      long took = System.nanoTime() - before;
      assertTrue(took < ONE_INPUT_NANOS, () -> "input took " + took / 1_000_000 + " ms:\n"
          + new String(input, StandardCharsets.UTF_8));
    }
    long total = System.nanoTime() - start;
    assertTrue(total < BUDGET_NANOS, "the fuzz set took " + total / 1_000_000 + " ms");
    assertTrue(refused > INPUTS / 4 && refused < INPUTS, "mutations that bite and some that are read: " + refused);
  }
}
