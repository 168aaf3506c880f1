package dev.tierbench.common.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.yaml.YamlException;

/** The {@code train:} section of a generated model: defaults, lists that expand into variants, and misuse. */
class SweepTrainingTest {

  private static Sweep parse(String models) {
    return SweepParser.parse("name: t\nmodels:\n" + models, Path.of("t.yaml"));
  }

  @Test
  void epochsAndLearningRatesExpandIntoTrainedVariants() {
    Sweep sweep = parse("""
          - generate: mlp
            params: {width: [8, 16]}
            train: {dataset: breast_cancer, epochs: [10, 30], learning-rate: 0.05}
          - generate: mlp
            name: plain
        """);
    List<GeneratedModelSource> models = sweep.models().stream().map(GeneratedModelSource.class::cast).toList();
    assertEquals(List.of("mlp-width8-epochs10-lr0.05", "mlp-width8-epochs30-lr0.05", "mlp-width16-epochs10-lr0.05",
        "mlp-width16-epochs30-lr0.05", "plain"), models.stream().map(GeneratedModelSource::name).toList());
    TrainSpec train = models.get(1).train();
    assertEquals(30, train.epochs());
    assertEquals(0.05, train.learningRate());
    assertEquals(32, train.batch(), "the default batch");
    assertEquals(1, train.splitSeed(), "the default seed");
    assertEquals(5, train.location().line());
    assertNull(models.get(4).train(), "no train section: seeded weights");
  }

  @Test
  void trainingNeedsADatasetAGeneratedModelAndKnownKeys() {
    YamlException e = assertThrows(YamlException.class, () -> parse("""
          - generate: mlp
            train: {epochs: 3, lr: 0.1}
          - path: m.tflite
            train: {dataset: wine}
        """));
    String message = e.getMessage();
    assertTrue(message.contains("unknown key 'lr' in train; allowed keys: dataset, label, epochs, learning-rate"),
        message);
    assertTrue(message.contains("train needs the key 'dataset'"), message);
    assertTrue(message.contains("'train' goes with 'generate'"), message);
  }
}
