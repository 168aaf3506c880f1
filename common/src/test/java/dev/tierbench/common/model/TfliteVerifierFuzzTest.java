package dev.tierbench.common.model;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.BiFunction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real models, mutated by seed the ways a careless copy or a hostile file mutates them: every result is a summary or
 * one line naming the file, never another exception, in bounded time: 2,000 seeded inputs.
 */
class TfliteVerifierFuzzTest {

  private static final int SEEDS_EACH = 200;

  private static final List<BiFunction<ModelMutations, byte[], byte[]>> MUTATIONS = List.of(
      ModelMutations::truncated, ModelMutations::flipped, ModelMutations::wordSet, ModelMutations::wordSet,
      ModelMutations::spanCopied);

  @ParameterizedTest
  @ValueSource(strings = {"test:hello_world_float.tflite", "shipped:kws_ref_model.tflite"})
  void everyMutationIsSummedUpOrRefusedInOneLine(String model) throws IOException {
    String[] where = model.split(":");
    byte[] bytes = Files.readAllBytes((where[0].equals("test") ? ModelInspectorTest.TEST_MODELS
        : ModelInspectorTest.SHIPPED_MODELS).resolve(where[1]));
    for (int seed = 0; seed < SEEDS_EACH; seed++) {
      ModelMutations mutations = new ModelMutations(seed);
      for (BiFunction<ModelMutations, byte[], byte[]> mutation : MUTATIONS) {
        byte[] mutated = mutation.apply(mutations, bytes);
        int failedSeed = seed;
        try {
          ModelMutations.readsOrRefusesInOneLine("bad.tflite", () -> ModelInspector.inspect("bad.tflite", mutated));
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError(model + ", seed " + failedSeed + ": " + e, e);
        }
      }
    }
  }
}
