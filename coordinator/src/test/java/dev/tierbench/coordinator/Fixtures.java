package dev.tierbench.coordinator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.time.Duration;
import java.util.List;

import dev.tierbench.common.protocol.MeasureSettings;
import dev.tierbench.common.protocol.ModelRef;
import dev.tierbench.common.protocol.TrialParams;
import dev.tierbench.common.sweep.Trial;
import dev.tierbench.coordinator.plan.PlannedTask;

/** Shared test data: the models shipped in configs/models and small planned tasks. */
public final class Fixtures {

  /** The repository root, found from the module folder Maven runs tests in. */
  public static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  public static final Path MODELS = ROOT.resolve("configs/models");
  public static final Path KWS = MODELS.resolve("kws_ref_model.tflite");
  public static final Path MOBILENET = MODELS.resolve("mobilenet_v1_0.25_224_1_default_1.tflite");

  private Fixtures() {}

  /** The first {@code 1/fraction} of {@code model}'s bytes, as {@code name} in {@code dir}: a model that cannot load. */
  public static Path truncated(Path model, int fraction, Path dir, String name) throws IOException {
    byte[] bytes = Files.readAllBytes(model);
    return Files.write(dir.resolve(name), Arrays.copyOf(bytes, bytes.length / fraction));
  }

  public static Trial trial(int batch) {
    return Trial.of(new ModelRef("m", "a".repeat(64), 10), new TrialParams(batch, 1, true),
        new MeasureSettings(1, Duration.ZERO, 5, Duration.ofSeconds(5)));
  }

  public static PlannedTask task(String tier, int repetition) {
    return PlannedTask.of(trial(1), tier, repetition);
  }

  public static List<PlannedTask> tasks(String tier, int count) {
    return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> task(tier, i)).toList();
  }
}
