package dev.tierbench.common.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.ModelT;

/** Each kind of broken file gets one clear error naming the file and the problem. */
class ModelInspectorBadInputTest {

  private static final Path MODEL = ModelInspectorTest.SHIPPED_MODELS.resolve("kws_ref_model.tflite");

  private static String errorOf(byte[] bytes) {
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelInspector.inspect("bad.tflite", bytes));
    assertTrue(e.getMessage().startsWith("bad.tflite: "), e.getMessage());
    return e.getMessage();
  }

  /** The shipped model, changed through the schema's object API and written back. */
  private static byte[] altered(Consumer<ModelT> change) throws IOException {
    ModelT model = ModelT.deserializeFromBinary(Files.readAllBytes(MODEL));
    change.accept(model);
    byte[] bytes = model.serializeToBinary();
    ModelInspector.inspect("unaltered", ModelT.deserializeFromBinary(Files.readAllBytes(MODEL)).serializeToBinary());
    return bytes;
  }

  @Test
  void aFileThatIsNotAModel() {
    String message = errorOf("name: this is YAML, not a model\n".getBytes());
    assertTrue(message.contains("not a TFLite model (no TFL3 identifier at byte 4; found ': th')"), message);
  }

  @Test
  void aWrongIdentifier() throws IOException {
    byte[] bytes = Files.readAllBytes(MODEL);
    bytes[4] = 'X';
    assertTrue(errorOf(bytes).contains("found 'XFL3'"));
  }

  @Test
  void aFileTooShortToHoldAHeader() {
    assertTrue(errorOf(new byte[5]).contains("only 5 bytes"));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.05, 0.3, 0.6, 0.9, 0.999})
  void aTruncatedFile(double kept) throws IOException {
    byte[] all = Files.readAllBytes(MODEL);
    String message = errorOf(Arrays.copyOf(all, (int) (all.length * kept)));
    assertTrue(message.contains("truncated or corrupt TFLite file"), message);
  }

  @Test
  void anOperatorReadingATensorThatDoesNotExist() throws IOException {
    byte[] bytes = altered(m -> m.getSubgraphs()[0].getOperators()[3].getInputs()[0] = 9_999);
    String message = errorOf(bytes);
    assertTrue(message.contains("input 0 of operator 3 (DEPTHWISE_CONV_2D) refers to tensor 9999, but the graph has"),
        message);
  }

  @Test
  void anOperatorWithAnUnknownOperatorCode() throws IOException {
    String message = errorOf(altered(m -> m.getSubgraphs()[0].getOperators()[0].setOpcodeIndex(77)));
    assertTrue(message.contains("operator 0 uses operator code 77, but the model has"), message);
  }

  @Test
  void aBufferThatDoesNotMatchItsTensor() throws IOException {
    byte[] bytes = altered(m -> {
      var tensor = m.getSubgraphs()[0].getTensors()[m.getSubgraphs()[0].getOperators()[0].getInputs()[1]];
      var buffer = m.getBuffers()[(int) tensor.getBuffer()];
      buffer.setData(Arrays.copyOf(buffer.getData(), buffer.getData().length - 7));
    });
    String message = errorOf(bytes);
    assertTrue(message.matches(".*tensor \\d+ \\(.*\\) needs 2560 bytes but its buffer \\d+ holds 2553.*"), message);
  }

  @Test
  void aTensorPointingAtABufferThatDoesNotExist() throws IOException {
    String message = errorOf(altered(m -> m.getSubgraphs()[0].getTensors()[2].setBuffer(5_000)));
    assertTrue(message.contains("refers to buffer 5000, but the model has"), message);
  }
}
