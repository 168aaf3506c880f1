package dev.tierbench.coordinator.cli;

import static dev.tierbench.coordinator.cli.Outcome.tierbench;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.cli.Cli;
import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.coordinator.Fixtures;

/** {@code tierbench inspect --json} on whatever a user points it at: exit 1 and one line on stderr, never a trace. */
@Timeout(60)
class InspectCommandBadFileTest {

  @TempDir
  Path dir;

  /** The one line {@code inspect --json file} printed, having exited 1 and printed nothing on stdout. */
  private static String refusal(Path file) {
    Outcome o = tierbench("inspect", "--json", file.toString());
    assertEquals(Cli.USER_ERROR, o.status(), o.err());
    assertEquals("", o.out());
    List<String> lines = o.err().lines().toList();
    assertEquals(1, lines.size(), o.err());
    assertTrue(lines.get(0).startsWith("tierbench: ") && lines.get(0).contains(file.getFileName().toString()),
        o.err());
    return lines.get(0);
  }

  @Test
  void aFileCutInsideItsHeader() throws Exception {
    byte[] model = Files.readAllBytes(Fixtures.KWS);
    for (int kept = 8; kept <= 15; kept++) {
      Path cut = Files.write(dir.resolve("cut" + kept + ".tflite"), Arrays.copyOf(model, kept));
      assertEquals("tierbench: cut" + kept + ".tflite: truncated or corrupt TFLite file: the root table offset 28"
          + " lies outside the file (" + kept + " bytes)", refusal(cut));
    }
  }

  @Test
  void aRootOffsetPastTheEnd() throws Exception {
    byte[] bytes = Files.readAllBytes(Fixtures.KWS);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x7FFFFFF0);
    Path file = Files.write(dir.resolve("offset.tflite"), bytes);
    assertEquals("tierbench: offset.tflite: truncated or corrupt TFLite file: the root table offset 2147483632 lies"
        + " outside the file (53936 bytes)", refusal(file));
  }

  @Test
  void whatIsNotAModelFileSaysWhatItIs() throws Exception {
    assertEquals("tierbench: " + dir + ": is a folder, not a model file", refusal(dir));
    Path empty = Files.createFile(dir.resolve("empty.tflite"));
    assertEquals("tierbench: " + empty + ": is empty, not a model file", refusal(empty));
    Path png = Files.write(dir.resolve("cat.tflite"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    assertEquals("tierbench: " + png + ": not a TFLite model (no TFL3 identifier at byte 4) nor an ONNX model (no"
        + " ir_version first); it begins 89 50 4e 47 0d 0a 1a 0a", refusal(png));
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero));
    assertEquals("tierbench: /dev/zero: is a character device, not a regular file, so it cannot be a model"
        + " file", refusal(zero));
  }

  @Test
  void anOnnxModelIsShownThroughItsTwinOrRefusedSayingWhy() throws Exception {
    Path onnx = dir.resolve("mlp.onnx");
    assertEquals(0, tierbench("generate", "mlp", "--param", "format=onnx", "-o", onnx.toString()).status());
    assertEquals("tierbench: " + onnx + ": an ONNX model; inspect reads TFLite files (and an ONNX model tierbench"
        + " generated for a sweep, through the mlp.onnx.tflite kept beside it)", refusal(onnx));
    assertEquals(0, tierbench("generate", "mlp", "-o", ModelFormat.tfliteTwin(onnx).toString()).status());
    Outcome o = tierbench("inspect", onnx.toString());
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().startsWith("mlp.onnx.tflite  (float32, "), o.out());
  }

  /** 100 seeds, each setting a word of the model to an extreme value, through the whole command. */
  @Test
  void aMutatedModelIsSummedUpOrRefusedInOneLine() throws Exception {
    int[] values = {0, -1, 1, Integer.MAX_VALUE, 0x7FFFFFF0, Integer.MIN_VALUE, 1 << 28, 53_936};
    byte[] model = Files.readAllBytes(Fixtures.KWS);
    Path file = dir.resolve("mutated.tflite");
    for (int seed = 0; seed < 100; seed++) {
      Random random = new Random(seed);
      byte[] bytes = model.clone();
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4 * random.nextInt(bytes.length / 4),
          values[random.nextInt(values.length)]);
      Files.write(file, bytes);
      Outcome o = tierbench("inspect", "--json", file.toString());
      assertTrue(o.status() == 0 || o.status() == Cli.USER_ERROR, "seed " + seed + ": " + o.err());
      assertEquals(o.status() == 0 ? 0 : 1, o.err().lines().count(), "seed " + seed + ": " + o.err());
    }
  }
}
