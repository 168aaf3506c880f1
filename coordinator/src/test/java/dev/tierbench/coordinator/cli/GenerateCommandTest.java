package dev.tierbench.coordinator.cli;

import static dev.tierbench.coordinator.cli.Outcome.tierbench;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tierbench.common.generate.Activation;
import dev.tierbench.common.generate.CnnSpec;
import dev.tierbench.common.model.ModelFormat;

/** {@code tierbench generate} writes each format and precision and sums it up with its graph's costs. */
class GenerateCommandTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"tflite, float32", "onnx, float32", "tflite, int8", "onnx, int8"})
  void theFileIsWrittenAndSummedUp(String format, String precision) throws Exception {
    Path file = dir.resolve("cnn." + format);
    Outcome o = tierbench("generate", "cnn", "--param", "depth=0.25,width=0.25,resolution=32,activation=relu6,format="
        + format + ",quantize=" + precision, "-o", file.toString());
    assertEquals(0, o.status(), o.err());
    assertEquals(format.equals("onnx") ? ModelFormat.ONNX : ModelFormat.TFLITE, ModelFormat.of(file));
    long macs = new CnnSpec(0.25, 0.25, 32, 3, 10, true, Activation.RELU6, 1).macs();
    assertTrue(o.out().startsWith(file + ": cnn {activation=relu6,"), o.out());
    assertTrue(o.out().contains(String.format(Locale.ROOT, " %,d MACs", macs)), o.out());
  }

  /** The command: it wrote the file, then read it back as TFLite and exited 1 ("found 'tier'"). */
  @Test
  void anOnnxMlpIsWrittenAndSummedUpWithExitZero() throws Exception {
    Path file = dir.resolve("X.onnx");
    Outcome o = tierbench("generate", "mlp", "--param", "format=onnx", "-o", file.toString());
    assertEquals(0, o.status(), o.err());
    assertEquals("", o.err());
    assertEquals(ModelFormat.ONNX, ModelFormat.of(file));
    assertTrue(o.out().startsWith(file + ": mlp {"), o.out());
  }
}
