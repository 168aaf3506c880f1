package dev.tierbench.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.common.yaml.YamlException;
import dev.tierbench.coordinator.Fixtures;

class PlanTest {

  @TempDir
  Path dir;

  private Path sweep(String text) throws Exception {
    Path file = dir.resolve("sweep.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void tasksAreTrialsTimesTiersTimesRepetitionsWithStableIds() throws Exception {
    Path file = sweep("name: p\nmodels: [" + Fixtures.KWS + ", " + Fixtures.MOBILENET + "]\n"
        + "axes: {batch: [1, 4], threads: [1, 2]}\ntiers: [cloud, edge]\nrepetitions: 3\n");
    Plan plan = Plan.of(SweepParser.parse(file));
    assertEquals(8, plan.trials().size());
    assertEquals(8 * 2 * 3, plan.tasks().size());
    assertEquals(plan.tasks().size(), new HashSet<>(plan.tasks().stream().map(PlannedTask::taskId).toList()).size());

    List<String> again = Plan.of(SweepParser.parse(file)).tasks().stream().map(PlannedTask::taskId).toList();
    assertEquals(plan.tasks().stream().map(PlannedTask::taskId).toList(), again, "planning twice gives the same ids");
  }

  @Test
  void theSameFileUnderTwoNamesIsOneTrial() throws Exception {
    Path copy = dir.resolve("copy.tflite");
    Files.copy(Fixtures.KWS, copy);
    Plan plan = Plan.of(SweepParser.parse(sweep("name: p\nmodels:\n  - path: " + Fixtures.KWS + "\n  - path: " + copy
        + "\n")));
    assertEquals(1, plan.trials().size());
  }

  @Test
  void aMissingModelFileIsReportedWhereItIsDeclared() throws Exception {
    Path file = sweep("name: p\nmodels:\n  - path: nope/missing.tflite\n");
    YamlException e = assertThrows(YamlException.class, () -> Plan.of(SweepParser.parse(file)));
    assertTrue(e.getMessage().startsWith(file + ":3:5: model file 'nope/missing.tflite' not found"), e.getMessage());
  }
}
