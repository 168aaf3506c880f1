package dev.tierbench.common.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.protocol.ModelRef;

class ModelFileTest {

  @Test
  void readHashesTheFileAndMeasuresIt(@TempDir Path dir) throws Exception {
    byte[] content = "not really a flatbuffer".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Path file = dir.resolve("m.tflite");
    Files.write(file, content);

    ModelFile model = ModelFile.read("m", file);

    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    assertEquals(new ModelFile("m", file, expected, content.length, ModelFormat.ONNX), model,
        "without TFLite's identifier a file is taken for ONNX");
    assertEquals(new ModelRef("m", expected, content.length), model.ref());
  }

  @Test
  void aKnownHashIsReproduced(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("abc");
    Files.writeString(file, "abc");
    // FIPS 180-2 test vector for "abc".
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ModelFile.sha256(file));
  }

  @Test
  void aMissingFileIsAnIoError(@TempDir Path dir) {
    assertThrows(NoSuchFileException.class, () -> ModelFile.read("x", dir.resolve("missing.tflite")));
  }

  @Test
  void theFormatComesFromTheFile() throws Exception {
    Path kws = Path.of("").toAbsolutePath().getParent().resolve("configs/models/kws_ref_model.tflite");
    assertEquals(ModelFormat.TFLITE, ModelFile.read("kws", kws).format());
    assertEquals(ModelFormat.TFLITE, ModelFormat.of(kws));
    assertEquals(ModelFormat.ONNX, ModelFormat.of("\u0008\u0007\u0012\u0004tier".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    assertEquals(Path.of("cache/mlp-1.onnx.tflite"), ModelFormat.tfliteTwin(Path.of("cache/mlp-1.onnx")));
  }
}
