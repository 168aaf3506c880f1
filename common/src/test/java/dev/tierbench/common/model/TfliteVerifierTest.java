package dev.tierbench.common.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.Pool2DOptionsT;
import org.tensorflow.lite.schema.SubGraphT;

/** The hostile files of issue 15, each refused in one line saying what is wrong and where. */
class TfliteVerifierTest {

  private static final Path MODEL = ModelInspectorTest.SHIPPED_MODELS.resolve("kws_ref_model.tflite");

  private static String errorOf(byte[] bytes) {
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelInspector.inspect("bad.tflite", bytes));
    assertTrue(e.getMessage().startsWith("bad.tflite: "), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  private static byte[] model() throws IOException {
    return Files.readAllBytes(MODEL);
  }

  private static byte[] altered(Consumer<ModelT> change) throws IOException {
    ModelT model = ModelT.deserializeFromBinary(model());
    change.accept(model);
    return model.serializeToBinary();
  }

  private static ByteBuffer little(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 9, 12, 15})
  void aFileCutInsideItsHeader(int kept) throws IOException {
    assertTrue(errorOf(Arrays.copyOf(model(), kept)).contains("truncated or corrupt TFLite file"));
  }

  @Test
  void aRootOffsetPastTheEnd() throws IOException {
    byte[] bytes = model();
    little(bytes).putInt(0, 0x7FFFFFF0);
    assertEquals("bad.tflite: truncated or corrupt TFLite file: the root table offset 2147483632 lies outside the"
        + " file (53936 bytes)", errorOf(bytes));
  }

  @Test
  void aShapeLengthOfTwoBillion() throws IOException {
    byte[] bytes = model();
    int elements = Model.getRootAsModel(little(bytes)).subgraphs(0).tensors(3).shapeAsByteBuffer().position();
    little(bytes).putInt(elements - 4, Integer.MAX_VALUE);
    assertEquals("bad.tflite: truncated or corrupt TFLite file: subgraph 0, tensor 3, shape: a vector of 2147483647"
        + " elements of 4 bytes at byte " + (elements - 4) + " runs past the end of the file (53936 bytes)",
        errorOf(bytes));
  }

  @Test
  void aSubgraphCountOfTwoBillion() throws IOException {
    byte[] bytes = model();
    little(bytes).putInt(subgraphsVectorLength(bytes), Integer.MAX_VALUE);
    assertTrue(errorOf(bytes).contains("the root table, subgraphs: a vector of 2147483647 elements of 4 bytes"));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, -5, Integer.MIN_VALUE})
  void aNegativeDimension(int dim) throws IOException {
    String message = errorOf(altered(m -> m.getSubgraphs()[0].getTensors()[0].getShape()[1] = dim));
    assertTrue(message.endsWith("subgraph 0, tensor 0: dimension 1 of its shape is " + dim), message);
  }

  @Test
  void aShapeOfMoreElementsThanAJavaBufferHolds() throws IOException {
    String message = errorOf(altered(m -> m.getSubgraphs()[0].getTensors()[0].setShape(new int[] {1, 65_536,
        32_768})));
    assertTrue(message.endsWith("tensor 0: its shape [1,65536,32768] has more than 2147483647 elements"), message);
  }

  @Test
  void aShapeOfTooManyDimensions() throws IOException {
    int[] shape = new int[TfliteVerifier.MAX_RANK + 1];
    Arrays.fill(shape, 1);
    String message = errorOf(altered(m -> m.getSubgraphs()[0].getTensors()[0].setShape(shape)));
    assertTrue(message.endsWith("tensor 0: a shape of 33 dimensions (at most 32)"), message);
  }

  @Test
  void moreSubgraphsThanTheLimit() throws IOException {
    String message = errorOf(altered(m -> {
      SubGraphT[] graphs = new SubGraphT[TfliteVerifier.MAX_SUBGRAPHS + 1];
      Arrays.setAll(graphs, i -> i == 0 ? m.getSubgraphs()[0] : new SubGraphT());
      m.setSubgraphs(graphs);
    }));
    assertTrue(message.endsWith("the root table, subgraphs: 10001 entries (at most 10000)"), message);
  }

  @Test
  void aNegativePoolWindow() throws IOException {
    String message = errorOf(altered(m -> pool(m).setFilterWidth(-3)));
    assertTrue(message.matches("bad\\.tflite: operator \\d+ \\(AVERAGE_POOL_2D\\) has a pool window of -3 x \\d+"),
        message);
  }

  @Test
  void aPoolWindowWhoseCostOverflows() throws IOException {
    String message = errorOf(altered(m -> {
      pool(m).setFilterWidth(Integer.MAX_VALUE);
      pool(m).setFilterHeight(Integer.MAX_VALUE);
    }));
    assertTrue(message.matches("bad\\.tflite: operator \\d+ \\(AVERAGE_POOL_2D\\) has a cost beyond 64 bits.*"),
        message);
  }

  @Test
  void everyPublishedModelHerePasses() throws IOException {
    for (Path dir : new Path[] {ModelInspectorTest.TEST_MODELS, ModelInspectorTest.SHIPPED_MODELS}) {
      try (var files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".tflite")).toList()) {
          TfliteVerifier.verify(file.getFileName().toString(), Files.readAllBytes(file));
        }
      }
    }
  }

  private static Pool2DOptionsT pool(ModelT m) {
    for (OperatorT op : m.getSubgraphs()[0].getOperators()) {
      int code = m.getOperatorCodes()[(int) op.getOpcodeIndex()].getDeprecatedBuiltinCode();
      if (code == BuiltinOperator.AVERAGE_POOL_2D) {
        return op.getBuiltinOptions().asPool2DOptions();
      }
    }
    throw new AssertionError("the model has an average pool");
  }

  /** Where the model's subgraph vector keeps its length: root table, its vtable, field 2 (subgraphs). */
  private static int subgraphsVectorLength(byte[] bytes) {
    ByteBuffer b = little(bytes);
    int root = b.getInt(0);
    int vtable = root - b.getInt(root);
    int field = root + b.getShort(vtable + 4 + 2 * 2);
    return field + b.getInt(field);
  }
}
