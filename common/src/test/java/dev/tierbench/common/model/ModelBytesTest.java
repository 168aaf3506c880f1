package dev.tierbench.common.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Whatever a model path names, one line says what it is; nothing is opened that could block or never end. */
@Timeout(10)
class ModelBytesTest {

  @TempDir
  Path dir;

  private static String refusal(Path file) {
    return assertThrows(ModelFormatException.class, () -> ModelBytes.read(file)).getMessage();
  }

  @Test
  void aModelIsReadWhole() throws IOException {
    Path kws = ModelInspectorTest.SHIPPED_MODELS.resolve("kws_ref_model.tflite");
    assertArrayEquals(Files.readAllBytes(kws), ModelBytes.read(kws));
    assertEquals(Files.size(kws), ModelBytes.map(kws).limit());
  }

  @Test
  void anEmptyFile() throws IOException {
    Path file = Files.createFile(dir.resolve("empty.tflite"));
    assertEquals(file + ": is empty, not a model file", refusal(file));
  }

  @Test
  void aDirectory() {
    assertEquals(dir + ": is a folder, not a model file", refusal(dir));
  }

  @Test
  void aMissingFile() {
    assertEquals(dir.resolve("gone.tflite") + ": model file not found", refusal(dir.resolve("gone.tflite")));
  }

  @Test
  void aFifoIsNeverOpened() throws Exception {
    Path fifo = dir.resolve("pipe.tflite");
    assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is there");
    String refused = fifo + ": is a FIFO, not a regular file, so it cannot be a model file";
    assertEquals(refused, refusal(fifo));
    assertEquals(refused, assertThrows(ModelFormatException.class, () -> ModelBytes.map(fifo)).getMessage());
  }

  @Test
  void aDeviceIsNeverRead() {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "a Unix device to read");
    assertEquals("/dev/zero: is a character device, not a regular file, so it cannot be a model file",
        refusal(zero));
  }

  @Test
  void aFileLargerThanAnyModel() throws IOException {
    Path huge = dir.resolve("huge.tflite");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(ModelBytes.MAX_BYTES + 1); // sparse: no disk is written
    }
    assertEquals(huge + ": holds 2147483640 bytes, more than a model file can (2147483639)", refusal(huge));
  }
}
