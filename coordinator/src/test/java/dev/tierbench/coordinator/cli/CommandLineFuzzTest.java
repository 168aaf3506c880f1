package dev.tierbench.coordinator.cli;

import static dev.tierbench.coordinator.cli.Outcome.tierbench;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.cli.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every flag of the commands that plan a sweep, given hostile values one and two at a time: the command line is
 * refused (exit 2) or the sweep is (exit 1, the sweep being bad on purpose), each in one line on stderr; nothing is
 * printed on stdout, nothing starts, no run folder is made, and no internal error escapes.
 */
class CommandLineFuzzTest {

  /** Every flag gets each of the first {@value #SINGLES} alone; the pairs draw from them all. */
  private static final List<String> HOSTILE = List.of("", "-1", "false", "abc", "99999999999999999999s", "/dev/zero",
      "\u0000x", "1e999", "0", "99999999999999999999", ".nan", "../..", "0-1000000000", "auto,never");
  private static final int SINGLES = 8;
  /** --sweep is left out: blank, the coordinator would start and wait for agents. */
  private static final Set<String> SKIPPED = Set.of("--help", "--version", "--sweep");
  private static final int PAIRS = 80;

  @TempDir
  Path dir;

  private static List<String> options(String command) {
    CommandLine cli = Cli.commandLine(new TierbenchCli(), new String[0]).getSubcommands().get(command);
    return cli.getCommandSpec().options().stream().map(OptionSpec::longestName)
        .filter(name -> !SKIPPED.contains(name)).toList();
  }

  private List<String> base(String command, Path sweep) {
    return switch (command) {
      case "run" -> new ArrayList<>(List.of("run", sweep.toString()));
      case "coordinator" -> new ArrayList<>(List.of("coordinator", "--sweep", sweep.toString()));
      default -> new ArrayList<>(List.of("plan", sweep.toString()));
    };
  }

  private void assertRefusedInOneLine(List<String> args, Path sweep) {
    Outcome o = tierbench(args.toArray(String[]::new));
    String shown = String.join(" ", args) + " -> " + o.status() + "\n" + o.err();
    if (o.status() != Cli.USAGE && o.status() != Cli.USER_ERROR) {
      fail("neither a bad command line nor a bad input: " + shown);
    }
    assertEquals(1, o.err().lines().count(), shown);
    assertTrue(o.err().startsWith("tierbench: "), shown);
    if (o.status() == Cli.USER_ERROR) {
      assertTrue(o.err().startsWith("tierbench: " + sweep + ":3:17: ") || o.err().contains("/dev/zero")
          || o.err().contains("../.."), shown);
    }
    assertEquals("", o.out(), shown);
  }

  @Test
  void everyFlagWithAHostileValueIsOneLineAndNothingStarts() throws Exception {
    Path sweep = Files.writeString(dir.resolve("bad.yaml"), "name: s\nmodels: [a.tflite]\naxes: {threads: 0}\n");
    Path cwdRuns = Path.of("runs");
    boolean runsBefore = Files.exists(cwdRuns);
    Random random = new Random(15);
    int tried = 0;
    for (String command : List.of("run", "coordinator", "plan")) {
      List<String> options = options(command);
      for (String option : options) {
        for (String value : HOSTILE.subList(0, SINGLES)) {
          List<String> args = base(command, sweep);
          args.add(option + "=" + value);
          assertRefusedInOneLine(args, sweep);
          tried++;
        }
      }
      for (int i = 0; i < PAIRS; i++) {
        List<String> args = base(command, sweep);
        for (int j = 0; j < 2; j++) {
          args.add(options.get(random.nextInt(options.size())) + "=" + HOSTILE.get(random.nextInt(HOSTILE.size())));
        }
        assertRefusedInOneLine(args, sweep);
        tried++;
      }
    }
    assertTrue(tried > 600, "command lines tried: " + tried);
    assertEquals(runsBefore, Files.exists(cwdRuns), "no run folder made");
    assertFalse(Files.exists(dir.resolve("runs")));
  }
}
