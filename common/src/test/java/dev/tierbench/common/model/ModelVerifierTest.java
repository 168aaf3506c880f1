package dev.tierbench.common.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.generate.Generators;

/** What an agent checks before an engine loads a file: its kind, its format, its structure. */
class ModelVerifierTest {

  @TempDir
  Path dir;

  private static final Path KWS = ModelInspectorTest.SHIPPED_MODELS.resolve("kws_ref_model.tflite");

  @Test
  void bothFormatsPass() throws IOException {
    assertEquals(ModelFormat.TFLITE, ModelVerifier.verify(KWS));
    Path onnx = Files.write(dir.resolve("mlp.onnx"), Generators.generate("mlp", Map.of("format", "onnx")).file());
    assertEquals(ModelFormat.ONNX, ModelVerifier.verify(onnx));
  }

  @Test
  void aPngNamedTflite() throws IOException {
    Path png = Files.write(dir.resolve("cat.tflite"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
    assertEquals(png + ": not a TFLite model (no TFL3 identifier at byte 4) nor an ONNX model (no ir_version first);"
        + " it begins 89 50 4e 47 0d 0a 1a 0a", assertThrows(ModelFormatException.class,
        () -> ModelVerifier.verify(png)).getMessage());
  }

  @Test
  void aTruncatedTfliteFile() throws IOException {
    Path cut = Files.write(dir.resolve("cut.tflite"), Arrays.copyOf(Files.readAllBytes(KWS), 12));
    assertEquals(cut + ": truncated or corrupt TFLite file: the root table offset 28 lies outside the file (12 bytes)",
        assertThrows(ModelFormatException.class, () -> ModelVerifier.verify(cut)).getMessage());
  }

  @Test
  void anEmptyFileIsNotTakenForOnnx() throws IOException {
    Path empty = Files.createFile(dir.resolve("m.onnx"));
    assertEquals(empty + ": is empty, not a model file",
        assertThrows(ModelFormatException.class, () -> ModelVerifier.verify(empty)).getMessage());
  }
}
