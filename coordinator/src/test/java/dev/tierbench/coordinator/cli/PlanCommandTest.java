package dev.tierbench.coordinator.cli;

import static dev.tierbench.coordinator.cli.Outcome.tierbench;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.coordinator.Fixtures;

/** {@code tierbench plan} shows the plan and builds nothing; {@code run} refuses a plan above its limits first. */
class PlanCommandTest {

  @TempDir
  Path dir;

  private Path huge() throws Exception {
    String thousand = IntStream.rangeClosed(1, 1000).mapToObj(Integer::toString)
        .collect(Collectors.joining(", ", "[", "]"));
    return Files.writeString(dir.resolve("huge.yaml"), "name: huge\nmodels: [" + Fixtures.MOBILENET + ", "
        + Fixtures.KWS + "]\naxes: {batch: " + thousand + ", threads: " + thousand + "}\n");
  }

  @Test
  void thePlanOfTheQuickstartIsPrintedWithoutBuildingAnything() {
    Path quickstart = Fixtures.ROOT.resolve("configs/quickstart.yaml");
    Outcome o = tierbench("plan", quickstart.toString());
    assertEquals(0, o.status(), o.err());
    assertEquals(List.of(
        "plan for quickstart (" + quickstart + "), counted from the file before anything is built:",
        "  models:    2 file(s): 0 variant(s) to generate, 0 to train",
        "  trials:    at most 8 (each model x each point of the axes its engines take)",
        "  tasks:     at most 16 = 8 trial(s) x 1 tier(s) x 2 repetition(s)",
        "  measuring: 16s to 8 min of device time, an estimate: each task times at least its min-duration and at most"
            + " max-warmup + max-duration, plus loading; the agents of each tier share it"), o.out().lines().toList());
    assertEquals("", o.err());
  }

  @Test
  void aPlanAboveTheLimitIsShownAndSaysRunWouldRefuseIt() throws Exception {
    Outcome o = tierbench("plan", huge().toString());
    assertEquals(1, o.status(), o.err());
    assertTrue(o.out().contains("  tasks:     at most 2,000,000 = 2,000,000 trial(s) x 1 tier(s) x 1 repetition(s)"),
        o.out());
    assertEquals("tierbench: run would refuse it: the plan has up to 2,000,000 tasks, above the limit of 10,000: list"
        + " fewer axis values, models, tiers or repetitions, or raise the limit with --max-tasks 2000000\n", o.err());
    assertEquals(0, tierbench("plan", huge().toString(), "--max-tasks", "2000000").status());
  }

  @Test
  void runRefusesAPlanAboveTheLimitBeforeAnythingStarts() throws Exception {
    Path runs = dir.resolve("runs");
    Outcome o = tierbench("run", huge().toString(), "--runs-dir", runs.toString(), "--cache-dir",
        dir.resolve("cache").toString());
    assertEquals(1, o.status(), o.err());
    List<String> lines = o.err().lines().toList();
    assertEquals(2, lines.size(), o.err());
    assertTrue(lines.get(0).startsWith("tierbench: plan: at most 2,000,000 task(s)"), lines.get(0));
    assertTrue(lines.get(1).startsWith("tierbench: the plan has up to 2,000,000 tasks, above the limit of 10,000"),
        lines.get(1));
    assertFalse(Files.exists(runs), "no run folder");
    assertFalse(Files.exists(dir.resolve("cache")), "nothing prepared");
  }

  @Test
  void aLimitBelowOneIsACommandLineError() throws Exception {
    Outcome o = tierbench("plan", huge().toString(), "--max-tasks", "0");
    assertEquals(2, o.status(), o.err());
    assertEquals("tierbench: Invalid value for option '--max-tasks': must be a whole number of at least 1, got '0'"
        + " (see 'tierbench plan --help')\n", o.err());
  }
}
