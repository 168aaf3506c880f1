package dev.tierbench.common.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.generate.Generators;

/** Generated ONNX models pass; truncated, corrupted or foreign protobufs are refused in one line, quickly. */
class OnnxVerifierTest {

  private static final byte[] MLP = Generators.generate("mlp", Map.of("format", "onnx")).file();
  private static final byte[] INT8 = Generators.generate("mlp", Map.of("format", "onnx", "quantize", "int8")).file();
  /** An If whose branches hold a node each, and a Scan whose body is in its graphs. */
  private static final byte[] WITH_SUBGRAPHS = model(graph(
      node("If", graphAttribute(6, graph(node("Relu"))), graphAttribute(6, graph(node("Neg")))),
      node("Scan", graphAttribute(11, graph(node("Add"))))));
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

  /** Their nodes' attributes are walked too, of every kind the generators write, float and int8. */
  @Test
  void generatedCnnsAndEncodersPass() {
    for (String precision : List.of("float32", "int8")) {
      OnnxVerifier.verify("cnn.onnx", ByteBuffer.wrap(Generators.generate("cnn", Map.of("depth", "0.25", "width",
          "0.25", "resolution", "32", "format", "onnx", "quantize", precision)).file()));
      OnnxVerifier.verify("encoder.onnx", ByteBuffer.wrap(Generators.generate("encoder", Map.of("layers", "1",
          "hidden", "32", "heads", "2", "intermediate", "64", "format", "onnx", "quantize", precision)).file()));
    }
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

  @Test
  void subgraphsOfIfAndScanNodesPass() {
    OnnxVerifier.verify("if.onnx", ByteBuffer.wrap(WITH_SUBGRAPHS));
  }

  @Test
  void aNodeWrittenWrongInsideASubgraphIsRefused() {
    byte[] wrongOp = cat(varint(4 << 3), varint(1));
    assertTrue(errorOf(model(graph(node("If", graphAttribute(6, graph(wrongOp)))))).matches(
        ".*: node: field 4 at byte \\d+ has wire type 0, not 2"));
    assertTrue(errorOf(model(graph(node("Scan", graphAttribute(11, cat(varint(1 << 3), varint(1))))))).matches(
        ".*: graph: field 1 at byte \\d+ has wire type 0, not 2"));
  }

  @Test
  void aLengthPastTheEndOfItsSubgraphIsRefusedThoughTheFileGoesOn() {
    byte[] overlong = cat(varint(1 << 3 | 2), varint(50), new byte[] {1, 2, 3});
    byte[] bytes = model(cat(graph(node("If", graphAttribute(6, overlong))), field(10, new byte[60])));
    String message = errorOf(bytes);
    assertTrue(message.matches(".*: graph: field 1 at byte \\d+ declares 50 bytes, but its message has 3 left"
        + " \\(the file " + bytes.length + "\\)"), message);
  }

  @Test
  void subgraphsNestAtMostSixteenDeep() {
    OnnxVerifier.verify("deep.onnx", ByteBuffer.wrap(nested(OnnxVerifier.MAX_GRAPH_DEPTH)));
    assertTrue(errorOf(nested(OnnxVerifier.MAX_GRAPH_DEPTH + 1)).matches(".*: attribute: field 6 at byte \\d+ holds"
        + " a subgraph nested more than 16 deep"));
    byte[] abyss = nested(1_000);
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertTrue(errorOf(abyss).endsWith(
        "holds a subgraph nested more than 16 deep")), "a refusal, not a StackOverflowError");
  }

  /** 300 seeds, each cutting, flipping and splicing a huge varint into the three models: 2,700 inputs. */
  @Test
  void everyMutationIsVerifiedOrRefusedInOneLine() {
    for (int seed = 0; seed < 300; seed++) {
      ModelMutations mutations = new ModelMutations(seed);
      for (byte[] model : List.of(MLP, INT8, WITH_SUBGRAPHS)) {
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

  /** A graph holding {@code depth} If nodes, each in the then-branch of the one before. */
  private static byte[] nested(int depth) {
    byte[] graph = graph(node("Relu"));
    for (int i = 0; i < depth; i++) {
      graph = graph(node("If", graphAttribute(6, graph)));
    }
    return model(graph);
  }

  /** ModelProto: ir_version 8 and {@code graph}. */
  private static byte[] model(byte[] graph) {
    return cat(varint(1 << 3), varint(8), field(7, graph));
  }

  /** GraphProto: its nodes. */
  private static byte[] graph(byte[]... nodes) {
    byte[] graph = new byte[0];
    for (byte[] node : nodes) {
      graph = cat(graph, field(1, node));
    }
    return graph;
  }

  /** NodeProto: op_type and its attributes. */
  private static byte[] node(String op, byte[]... attributes) {
    byte[] node = field(4, op.getBytes(StandardCharsets.US_ASCII));
    for (byte[] attribute : attributes) {
      node = cat(node, field(5, attribute));
    }
    return node;
  }

  /** AttributeProto holding {@code graph} in field 6 (g, type GRAPH) or 11 (graphs, type GRAPHS). */
  private static byte[] graphAttribute(int field, byte[] graph) {
    return cat(field(1, "body".getBytes(StandardCharsets.US_ASCII)), field(field, graph), varint(20 << 3),
        varint(field == 6 ? 5 : 10));
  }

  /** A length-delimited field: tag, length, bytes. */
  private static byte[] field(int number, byte[] value) {
    return cat(varint(number << 3 | 2), varint(value.length), value);
  }

  private static byte[] varint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long v = value; ; v >>>= 7) {
      if (v < 0x80) {
        out.write((int) v);
        return out.toByteArray();
      }
      out.write((int) (v & 0x7F) | 0x80);
    }
  }

  private static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
