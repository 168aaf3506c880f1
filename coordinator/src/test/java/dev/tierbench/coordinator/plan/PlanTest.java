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

import dev.tierbench.common.generate.Activation;
import dev.tierbench.common.generate.GraphBuilder;
import dev.tierbench.common.generate.TfliteWriter;
import dev.tierbench.common.model.ModelFile;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.common.yaml.YamlException;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.preparation.Preparation;

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
    Plan plan = Preparation.plan(SweepParser.parse(file));
    assertEquals(8, plan.trials().size());
    assertEquals(8 * 2 * 3, plan.tasks().size());
    assertEquals(plan.tasks().size(), new HashSet<>(plan.tasks().stream().map(PlannedTask::taskId).toList()).size());

    List<String> again = Preparation.plan(SweepParser.parse(file)).tasks().stream().map(PlannedTask::taskId).toList();
    assertEquals(plan.tasks().stream().map(PlannedTask::taskId).toList(), again, "planning twice gives the same ids");
  }

  @Test
  void planningReadsNothingButThePreparedModels() throws Exception {
    Path model = dir.resolve("kws.tflite");
    Files.copy(Fixtures.KWS, model);
    var sweep = SweepParser.parse(sweep("name: p\nmodels: [" + model + "]\naxes: {batch: [1, 2], engine: [tflite,"
        + " onnxruntime]}\ntiers: [edge]\n"));
    PreparedModels prepared = Preparation.prepare(sweep, dir.resolve("cache"),
        dev.tierbench.coordinator.training.TrainingProgress.NONE);
    Files.delete(model);

    Plan plan = Plan.of(sweep, prepared);

    assertEquals(2, plan.trials().size(), "batch 1 and 2 on TFLite, from the prepared file's check alone");
    assertEquals(List.of("kws, engine onnxruntime: not measured: a TFLite file runs on engine tflite only"),
        plan.exclusions().stream().map(Exclusion::describe).toList());
    assertEquals(plan.tasks(), Plan.of(sweep, prepared).tasks());
  }

  @Test
  void theSameFileUnderTwoNamesIsOneTrial() throws Exception {
    Path copy = dir.resolve("copy.tflite");
    Files.copy(Fixtures.KWS, copy);
    Plan plan = Preparation.plan(SweepParser.parse(sweep("name: p\nmodels:\n  - path: " + Fixtures.KWS
        + "\n  - path: " + copy + "\n")));
    assertEquals(1, plan.trials().size());
  }

  @Test
  void aModelWithoutABatchDimensionIsPlannedAtBatchOneOnlyAndThePlanSaysWhy() throws Exception {
    GraphBuilder g = new GraphBuilder("rank-1 input");
    int x = g.reshape("rows", g.input("waveform", false, 16), 1, 16);
    x = g.fullyConnected("dense", x, new float[2 * 16], new float[2], 2, Activation.NONE);
    Path model = dir.resolve("waveform.tflite");
    Files.write(model, TfliteWriter.write(g.build(g.softmax("probabilities", x))));
    Plan plan = Preparation.plan(SweepParser.parse(sweep("name: p\nmodels: [" + model + ", " + Fixtures.KWS + "]\n"
        + "axes: {batch: [1, 4, 8]}\n")), dir.resolve("cache"));
    assertEquals(List.of(1), plan.trials().stream().filter(t -> t.model().name().equals("waveform"))
        .map(t -> t.params().batch()).toList());
    assertEquals(3, plan.trials().stream().filter(t -> t.model().name().equals("kws_ref_model")).count());
    assertEquals(List.of(
        "waveform, batch 4: not measured: input 'waveform' float32[16] has no batch dimension (rank 1): batch 4"
            + " cannot be applied; measure it at batch 1",
        "waveform, batch 8: not measured: input 'waveform' float32[16] has no batch dimension (rank 1): batch 8"
            + " cannot be applied; measure it at batch 1"),
        plan.exclusions().stream().map(Exclusion::describe).toList());
  }

  @Test
  void aModelFileRunsOnTheEnginesOfItsFormatAndThePlanSaysWhichItLeavesOut() throws Exception {
    Plan plan = Preparation.plan(SweepParser.parse(sweep("name: p\nmodels: [" + Fixtures.KWS + "]\n"
        + "axes: {engine: [tflite, onnxruntime, tflite-2.6]}\n")), dir.resolve("cache"));
    assertEquals(List.of(Engine.TFLITE, Engine.TFLITE_2_6), plan.trials().stream().map(t -> t.params().engine())
        .toList());
    assertEquals(List.of("kws_ref_model, engine onnxruntime: not measured: a TFLite file runs on engines tflite"
        + " and tflite-2.6 only"), plan.exclusions().stream().map(Exclusion::describe).toList());
  }

  @Test
  void aGeneratedVariantIsWrittenInEachFormatItsEnginesNeedUnderOneName() throws Exception {
    Plan plan = Preparation.plan(SweepParser.parse(sweep("name: p\nmodels:\n  - generate: mlp\n    name: tiny\n"
        + "    params: {depth: 1, width: 8}\naxes: {engine: [tflite, onnxruntime, tflite-2.6]}\n")),
        dir.resolve("cache"));
    assertEquals(2, plan.models().size(), "one TFLite file for both TFLite engines, one ONNX file");
    assertEquals(List.of(ModelFormat.TFLITE, ModelFormat.ONNX), plan.models().stream().map(ModelFile::format).toList());
    assertEquals(List.of("tiny", "tiny"), plan.models().stream().map(ModelFile::name).toList());
    assertEquals(3, plan.trials().size());
    for (var trial : plan.trials()) {
      assertEquals(trial.params().engine().format(), plan.models().stream()
          .filter(m -> m.sha256().equals(trial.model().sha256())).findFirst().orElseThrow().format());
      assertEquals(plan.checks().get(plan.models().get(0).sha256()).summary().macs(),
          plan.checks().get(trial.model().sha256()).summary().macs(), "every format has the graph's costs");
    }
    assertEquals(List.of(), plan.exclusions());
  }

  @Test
  void aMissingModelFileIsReportedWhereItIsDeclared() throws Exception {
    Path file = sweep("name: p\nmodels:\n  - path: nope/missing.tflite\n");
    YamlException e = assertThrows(YamlException.class, () -> Preparation.plan(SweepParser.parse(file)));
    assertTrue(e.getMessage().startsWith(file + ":3:5: model file 'nope/missing.tflite' not found"), e.getMessage());
  }
}
