package dev.tierbench.coordinator.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.preparation.Preparation;

/** The preview counts what the plan makes, from the file alone, and refuses a plan above its limits. */
class PlanPreviewTest {

  @TempDir
  Path dir;

  private Sweep sweep(String yaml) throws Exception {
    return SweepParser.parse(Files.writeString(dir.resolve("s.yaml"), yaml));
  }

  @Test
  void theQuickstartPreviewCountsWhatItsPlanMakes() {
    Sweep quickstart = SweepParser.parse(Fixtures.ROOT.resolve("configs/quickstart.yaml"));
    PlanPreview preview = PlanPreview.of(quickstart);
    Plan plan = Preparation.plan(quickstart, dir.resolve("cache"));
    assertEquals(plan.trials().size(), preview.trials());
    assertEquals(plan.tasks().size(), preview.tasks());
    assertEquals(new PlanPreview(2, 0, 0, 8, 1, 2, 16, Duration.ofSeconds(16), Duration.ofSeconds(16 * 30)), preview);
  }

  @Test
  void enginesOfBothFormatsCountEachGeneratedVariantOncePerFormat() throws Exception {
    PlanPreview preview = PlanPreview.of(sweep("""
        name: s
        models:
          - generate: mlp
            params: {depth: [1, 2, 3]}
            train: {dataset: iris, epochs: [5, 10]}
          - generate: mlp
        axes: {engine: [tflite, onnxruntime, tflite-2.6], scenario: [single-stream, server], rate: [5, 10]}
        tiers: [a, b]
        """));
    // 7 variants, each as TFLite (2 engines x (1 + 2 rates)) and as ONNX (1 engine x 3): 9 points per variant.
    assertEquals(14, preview.files());
    assertEquals(6, preview.trained());
    assertEquals(1, preview.generated());
    assertEquals(63, preview.trials());
    assertEquals(126, preview.tasks());
    assertEquals(Optional.empty(), preview.refusal(126, 6));
    assertEquals(Optional.of("the plan trains 6 variants, above the limit of 5: list fewer parameter values, epochs"
        + " or learning rates, or raise the limit with --max-trained 6"), preview.refusal(126, 5));
  }

  @Test
  void twoMillionTasksAreCountedAtOnceAndRefusedSayingHowToRaiseTheLimit() throws Exception {
    String thousand = IntStream.rangeClosed(1, 1000).mapToObj(Integer::toString)
        .collect(Collectors.joining(", ", "[", "]"));
    Sweep huge = sweep("name: s\nmodels: [a.tflite, b.tflite]\naxes: {batch: " + thousand + ", threads: " + thousand
        + "}\n");
    PlanPreview preview = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> PlanPreview.of(huge));
    assertEquals(2_000_000, preview.tasks());
    assertEquals(Optional.of("the plan has up to 2,000,000 tasks, above the limit of 10,000: list fewer axis values,"
        + " models, tiers or repetitions, or raise the limit with --max-tasks 2000000"), preview.refusal(10_000, 200));
    assertTrue(preview.summary().startsWith("plan: at most 2,000,000 task(s) (2,000,000 trial(s) x 1 tier(s) x 1"
        + " repetition(s)), 0 model(s) to generate, 0 to train, 23 days to "), preview.summary());
  }

  @Test
  void anOnnxFileCountsOnlyTheOnnxEngine() throws Exception {
    PlanPreview preview = PlanPreview.of(sweep("name: s\nmodels: [m.onnx]\naxes: {engine: [tflite, onnxruntime],"
        + " optimization: [all, basic]}\n"));
    assertEquals(2, preview.trials());
  }
}
