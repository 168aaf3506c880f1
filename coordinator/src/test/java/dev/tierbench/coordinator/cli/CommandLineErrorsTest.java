package dev.tierbench.coordinator.cli;

import static dev.tierbench.coordinator.cli.Outcome.tierbench;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.coordinator.Fixtures;

/**
 * A bad flag is refused while the command line is parsed: exit 2, one line on stderr, and nothing started (no run
 * folder, nothing on stdout). The sweep is valid, so any of these that got past the flags would start a run.
 */
class CommandLineErrorsTest {

  @TempDir
  Path dir;

  private Path sweep;
  private Path runs;

  @BeforeEach
  void validSweep() throws Exception {
    sweep = Files.writeString(dir.resolve("s.yaml"), "name: s\nmodels: [" + Fixtures.MOBILENET + "]\n");
    runs = dir.resolve("runs");
  }

  private Outcome run(String... flags) {
    String[] args = new String[flags.length + 4];
    args[0] = "run";
    args[1] = sweep.toString();
    args[2] = "--runs-dir";
    args[3] = runs.toString();
    System.arraycopy(flags, 0, args, 4, flags.length);
    return tierbench(args);
  }

  private void assertRefusedInOneLine(Outcome o, String expected) {
    assertEquals(2, o.status(), o.err());
    assertEquals(1, o.err().lines().count(), o.err());
    assertEquals("tierbench: " + expected + " (see 'tierbench run --help')", o.err().strip());
    assertEquals("", o.out());
    assertFalse(Files.exists(runs), "nothing may start before the flags are checked");
  }

  @Test
  void aProgressModeThatIsNotOneIsRefusedBeforeAnythingStarts() {
    assertRefusedInOneLine(run("--progress=false"),
        "Invalid value for option '--progress': must be auto, always, never, got 'false'");
  }

  @Test
  void aRunIdThatIsNoFolderNameIsRefusedBeforeAnythingStarts() {
    assertRefusedInOneLine(run("--run-id", "../elsewhere"), "Invalid value for option '--run-id': '../elsewhere' may"
        + " hold only letters, digits, '.', '_' and '-', starting with a letter or digit (at most 64)");
  }

  @Test
  void flagsThatContradictEachOtherAreRefusedBeforeAnythingStarts() {
    Outcome o = run("--heartbeat-interval", "2s", "--lease-timeout", "3s");
    assertEquals(2, o.status(), o.err());
    assertEquals(1, o.err().lines().count(), o.err());
    assertTrue(o.err().startsWith("tierbench: lease-timeout (3000 ms) must be at least twice"), o.err());
    assertFalse(Files.exists(runs));
  }

  @Test
  void aNumberOfAgentsThatIsNoneOrAbsurdIsRefusedBeforeAnythingStarts() {
    assertRefusedInOneLine(run("--agents", "0"), "agents must be from 1 to 64 in-process agents per tier, got 0");
    assertRefusedInOneLine(run("--agents", "100000"),
        "agents must be from 1 to 64 in-process agents per tier, got 100000");
  }

  @Test
  void anApiDeadlineOutsideOneMillisecondToAMinuteIsRefusedBeforeAnythingStarts() {
    for (String[] refused : new String[][] {{"0", "0s"}, {"0.5ms", "0.5ms"}, {"61s", "61s"}, {"2h", "2h"}}) {
      assertRefusedInOneLine(run("--api-deadline", refused[0]), "api-deadline must be from 1ms to 1m, got "
          + refused[1]);
    }
  }

  @Test
  void aClaimGraceShorterThanALeaseOrPastAnHourIsRefusedBeforeAnythingStarts() {
    assertRefusedInOneLine(run("--claim-grace", "2s"), "claim-grace must be from lease-timeout (5s) to 1h, got 2s");
    assertRefusedInOneLine(run("--claim-grace", "2h"), "claim-grace must be from lease-timeout (5s) to 1h, got 2h");
  }

  @Test
  void anUnknownFlagIsOneLineNotTheUsageText() {
    assertRefusedInOneLine(run("--progres", "never"), "Unknown options: '--progres', 'never'");
  }

  @Test
  void aDurationPastAWeekIsACommandLineError() {
    assertRefusedInOneLine(run("--lease-poll", "99999999999999999999s"), "Invalid value for option '--lease-poll':"
        + " '99999999999999999999s' is longer than 168h, the longest duration tierbench takes");
  }

  @Test
  void aBadSweepIsABadInputInOneLineWithItsPlace() throws Exception {
    Files.writeString(sweep, "name: s\nmodels: [a.tflite]\naxes: {threads: 0}\n");
    Outcome o = run();
    assertEquals(1, o.status(), o.err());
    assertEquals("tierbench: " + sweep + ":3:17: axis 'threads' value must be between 1 and 1024, got 0",
        o.err().strip());
    assertFalse(Files.exists(runs));
  }
}
