package dev.tierbench.coordinator.cli;

import static dev.tierbench.coordinator.cli.Outcome.tierbench;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.cli.Cli;
import dev.tierbench.coordinator.Fixtures;

/**
 * {@code tierbench measure} on what is no model: the model is verified before any engine loads it or the device lock
 * is taken, so each ends in exit 1 and one line on stderr naming the file, never a trace.
 */
@Timeout(60)
class MeasureCommandBadModelTest {

  @TempDir
  Path dir;

  /** The one line {@code measure file} printed, having exited 1 and printed nothing on stdout. */
  private String refusal(Path model) {
    Path lock = dir.resolve("device.lock");
    Outcome o = tierbench("measure", "--device-lock", lock.toString(), model.toString());
    assertEquals(Cli.USER_ERROR, o.status(), o.err());
    assertEquals("", o.out());
    assertFalse(Files.exists(lock), "refused before the device lock is taken");
    List<String> lines = o.err().lines().toList();
    assertEquals(1, lines.size(), o.err());
    return lines.get(0);
  }

  @Test
  void anEmptyFile() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.tflite"));
    assertEquals("tierbench: " + empty + ": is empty, not a model file", refusal(empty));
  }

  @Test
  void aPngRenamedTflite() throws Exception {
    Path png = Files.write(dir.resolve("cat.tflite"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
    assertEquals("tierbench: " + png + ": not a TFLite model (no TFL3 identifier at byte 4) nor an ONNX model (no"
        + " ir_version first); it begins 89 50 4e 47 0d 0a 1a 0a", refusal(png));
  }

  @Test
  void aRealModelCutInHalf() throws Exception {
    Path half = Fixtures.truncated(Fixtures.KWS, 2, dir, "half.tflite");
    assertEquals("tierbench: " + half + ": truncated or corrupt TFLite file: the root table, operator codes: offset"
        + " 53772 at byte 36 points outside the file (26968 bytes)", refusal(half));
  }

  @Test
  void aFolder() {
    assertEquals("tierbench: " + dir + ": is a folder, not a model file", refusal(dir));
  }
}
