package dev.tierbench.coordinator.cli;

import static dev.tierbench.coordinator.cli.Outcome.tierbench;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.cli.Cli;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.MeasuredRun;

/** {@code tierbench predict} on a real measured run: its edge tier measured four variants. */
class PredictCommandTest {

  @TempDir
  Path dir;

  private static Outcome predict(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "predict";
    all[1] = MeasuredRun.ID;
    all[2] = "--runs-dir";
    all[3] = MeasuredRun.get().runsDir().toString();
    System.arraycopy(args, 0, all, 4, args.length);
    return tierbench(all);
  }

  @Test
  void predictsAModelFileItNeverMeasuredWithAnInterval() {
    Outcome o = predict("--tier", "edge", "--model", Fixtures.KWS.toString(), "--batch", "3");
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("model edge (tflite, single-stream): 4 measured variant(s)"), o.out());
    assertTrue(o.out().matches("(?s).*kws_ref_model.tflite \\(batch 3, threads 1\\): predicted p50 [0-9.e+-]+ ms,"
        + " 90 % interval [0-9.e+-]+ \\.\\. [0-9.e+-]+ ms \\(fitted on 4 measured variants\\).*"), o.out());
  }

  @Test
  void predictsAGeneratedModel() {
    Outcome o = predict("--tier", "edge", "--generate", "mlp", "--param", "depth=2,width=64");
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("predicted p50"), o.out());
  }

  @Test
  void withoutAModelListsTheVariantsTheRunDidNotMeasure() {
    Outcome o = predict("--tier", "edge");
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("every variant of tier edge that can be predicted was measured"), o.out());
  }

  @Test
  void badInputIsOneClearLine() throws Exception {
    Outcome tier = predict("--tier", "jetson");
    assertEquals(Cli.USER_ERROR, tier.status());
    assertTrue(tier.err().contains("has no tier 'jetson'; its tiers: edge, iot"), tier.err());
    Path corrupt = dir.resolve("corrupt.tflite");
    Files.write(corrupt, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    Outcome model = predict("--tier", "edge", "--model", corrupt.toString());
    assertEquals(Cli.USER_ERROR, model.status());
    assertTrue(model.err().contains(corrupt.toString()), model.err());
    assertTrue(!model.err().contains("\tat "), "no stack trace: " + model.err());
    Outcome both = predict("--tier", "edge", "--model", corrupt.toString(), "--generate", "mlp");
    assertTrue(both.err().contains("not both"), both.err());
    Outcome family = predict("--tier", "edge", "--generate", "resnet");
    assertTrue(family.err().contains("no family 'resnet'"), family.err());
  }
}
