package dev.tierbench.common.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.generate.Generators;

/** Generated ONNX models pass; truncated, corrupted or foreign protobufs are refused in one line, quickly. */
class OnnxVerifierTest {

  private static final byte[] MLP = Generators.generate("mlp", Map.of("format", "onnx")).file();
  private static final byte[] INT8 = Generators.generate("mlp", Map.of("format", "onnx", "quantize", "int8")).file();
  /** A varint of ten bytes, the longest there is: 2^64 - 1 as a length. */
  private static final byte[] HUGE = {-1, -1, -1, -1, -1, -1, -1, -1, -1, 1};

  private static String errorOf(byte[] bytes) {
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> OnnxVerifier.verify("bad.onnx", ByteBuffer.wrap(bytes)));
    assertTrue(e.getMessage().startsWith("bad.onnx: truncated or corrupt ONNX file: "), e.getMessage());
    return e.getMessage();
  }

  static void verifiesOrRefusesInOneLine(byte[] bytes) {
    ModelMutations.readsOrRefusesInOneLine("bad.onnx", () -> OnnxVerifier.verify("bad.onnx", ByteBuffer.wrap(bytes)));
  }

  @Test
  void generatedModelsPass() {
    OnnxVerifier.verify("mlp.onnx", ByteBuffer.wrap(MLP));
    OnnxVerifier.verify("int8.onnx", ByteBuffer.wrap(INT8));
  }

  @Test
  void aFileCutShort() {
    String message = errorOf(Arrays.copyOf(MLP, MLP.length - 1));
    assertTrue(message.matches(".*: model: field \\d+ at byte \\d+ declares \\d+ bytes, but its message has \\d+ left"
        + " \\(the file 36625\\)"), message);
  }

  @Test
  void aLengthOfExabytes() {
    byte[] bytes = Arrays.copyOf(new byte[] {8, 7, 0x3a}, 3 + HUGE.length);
    System.arraycopy(HUGE, 0, bytes, 3, HUGE.length);
    assertEquals("bad.onnx: truncated or corrupt ONNX file: model: field 7 at byte 13 declares 18446744073709551615"
        + " bytes, but its message has 0 left (the file 13)", errorOf(bytes));
  }

  @Test
  void textIsNotAModel() {
    assertTrue(errorOf("name: a sweep\n".getBytes(StandardCharsets.US_ASCII)).endsWith("model: field 13 at byte 0 has"
        + " wire type 6, which no ONNX field has"));
  }

  @Test
  void aModelWithoutAGraph() {
    assertTrue(errorOf(new byte[] {8, 7}).endsWith(": the model has no graph"));
  }

  @Test
  void anImpossibleIrVersion() {
    assertTrue(errorOf(new byte[] {8, 0x7f, 0x3a, 0}).endsWith(": the model's ir_version is 127 (1 to 100)"));
  }

  /** 300 seeds, each cutting, flipping and splicing a huge varint into both models: 1,800 inputs. */
  @Test
  void everyMutationIsVerifiedOrRefusedInOneLine() {
    for (int seed = 0; seed < 300; seed++) {
      ModelMutations mutations = new ModelMutations(seed);
      for (byte[] model : List.of(MLP, INT8)) {
        for (byte[] mutated : List.of(mutations.truncated(model), mutations.flipped(model),
            mutations.spliced(model, HUGE))) {
          int failedSeed = seed;
          try {
            verifiesOrRefusesInOneLine(mutated);
          } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + failedSeed + ": " + e, e);
          }
        }
      }
    }
  }
}
