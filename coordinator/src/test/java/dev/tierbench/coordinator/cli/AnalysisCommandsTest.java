package dev.tierbench.coordinator.cli;

import static dev.tierbench.coordinator.cli.Outcome.tierbench;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.common.cli.Cli;
import dev.tierbench.coordinator.MeasuredRun;

/** {@code tierbench report} and {@code tierbench recommend} on a real measured run. */
class AnalysisCommandsTest {

  @TempDir
  Path dir;

  private static String runsDir() {
    return MeasuredRun.get().runsDir().toString();
  }

  @Test
  void reportWritesItsThreeFilesWithTheObjectivesAsked() throws Exception {
    Outcome o = tierbench("report", MeasuredRun.ID, "--runs-dir", runsDir(), "--objectives", "p99_ms,throughput",
        "--draws", "100");
    assertEquals(0, o.status(), o.err());
    Path folder = MeasuredRun.get().folder();
    assertTrue(o.out().contains(folder.resolve("report.html").toString()), o.out());
    JsonNode report = new ObjectMapper().readTree(folder.resolve("report.json").toFile());
    assertEquals("[\"p99_ms:min\",\"throughput:max\"]", report.get("objectives").toString());
    assertEquals(100, report.get("frontiers").get(0).get("draws").asInt());
    List<String> csv = Files.readAllLines(folder.resolve("frontier.csv"));
    assertTrue(csv.get(0).startsWith("scope,variant_id,tier,model,family,label,p99_ms,throughput,rank,"), csv.get(0));
    assertEquals(1 + 4 + 4 + 8, csv.size(), "a row per variant and scope");
    assertTrue(o.err().contains("note: 8 task(s) failed"), o.err());

    Outcome byFolder = tierbench("report", folder.toString(), "--draws", "10");
    assertEquals(0, byFolder.status(), byFolder.err());
  }

  @Test
  void aMissingRunOrUnknownObjectiveIsAClearError() {
    Outcome missing = tierbench("report", "nope", "--runs-dir", runsDir());
    assertEquals(Cli.USER_ERROR, missing.status());
    assertTrue(missing.err().contains("no run 'nope'") && missing.err().contains("runs in " + runsDir() + ": measured"),
        missing.err());

    Outcome empty = tierbench("report", "nope", "--runs-dir", dir.toString());
    assertTrue(empty.err().contains("there are no runs in " + dir), empty.err());

    Outcome unknown = tierbench("report", MeasuredRun.ID, "--runs-dir", runsDir(), "--objectives", "latency,p50_ms");
    assertEquals(Cli.USER_ERROR, unknown.status());
    assertTrue(unknown.err().contains("unknown metric 'latency'; metrics here: p50_ms (ms, min)"), unknown.err());
    assertTrue(!unknown.err().contains("\tat "), "no stack trace: " + unknown.err());
  }

  @Test
  void aCorruptDatabaseIsNamed() throws Exception {
    Path run = dir.resolve("broken");
    Files.createDirectories(run);
    Files.writeString(run.resolve("results.db"), "not sqlite at all");
    Outcome o = tierbench("report", "broken", "--runs-dir", dir.toString());
    assertEquals(Cli.USER_ERROR, o.status());
    assertTrue(o.err().contains(run.resolve("results.db") + " is not a tierbench run database"), o.err());
  }

  @Test
  void recommendAnswersOrSaysNothingMeetsTheConstraints() throws Exception {
    Outcome found = tierbench("recommend", MeasuredRun.ID, "--runs-dir", runsDir(), "--maximize", "throughput",
        "--where", "p99_ms <= 1000", "--tier", "edge", "--draws", "100", "--json");
    assertEquals(0, found.status(), found.err());
    JsonNode answer = new ObjectMapper().readTree(found.out());
    assertEquals("edge", answer.get("best").get("tier").asText());
    assertEquals("maximize throughput where p99_ms <= 1000 on tier edge", answer.get("query").asText());

    Outcome none = tierbench("recommend", MeasuredRun.ID, "--runs-dir", runsDir(), "--minimize", "p50_ms", "--where",
        "model_mb <= 0.001", "--draws", "50");
    assertEquals(RecommendCommand.NONE_MEETS, none.status(), none.err());
    assertTrue(none.out().contains("answer: no variant meets") && none.out().contains("closest: kws"), none.out());

    Outcome bad = tierbench("recommend", MeasuredRun.ID, "--runs-dir", runsDir(), "--maximize", "speed");
    assertEquals(Cli.USER_ERROR, bad.status());
    assertTrue(bad.err().contains("unknown metric 'speed'; metrics here:"), bad.err());

    Outcome both = tierbench("recommend", MeasuredRun.ID, "--runs-dir", runsDir());
    assertTrue(both.err().contains("give either --maximize METRIC or --minimize METRIC"), both.err());
  }
}
