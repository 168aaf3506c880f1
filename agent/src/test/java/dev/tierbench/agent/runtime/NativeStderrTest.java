package dev.tierbench.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.sun.jna.Library;
import com.sun.jna.Native;

class NativeStderrTest {

  /** Writes on file descriptor 2 as native code does, past Java's System.err. */
  private interface Write extends Library {
    long write(int fd, byte[] bytes, long count);
  }

  private static final Write LIBC = Native.load("c", Write.class);

  private static void nativeWrite(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    LIBC.write(2, bytes, bytes.length);
  }

  @Test
  void theNativeLibrarysErrorsAreCapturedItsInfoDroppedAndTheStatusKept() {
    NativeStderr.Said said = NativeStderr.capture(() -> {
      nativeWrite("INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\n");
      nativeWrite("ERROR: Didn't find op for builtin opcode 'CONV_2D' version '99'.\nERROR: Registration failed.\n");
      return 7;
    });
    assertEquals(7, said.status());
    assertEquals(List.of("ERROR: Didn't find op for builtin opcode 'CONV_2D' version '99'.",
        "ERROR: Registration failed."), said.lines());
    assertEquals(": Didn't find op for builtin opcode 'CONV_2D' version '99'.; Registration failed.", said.reason());
  }

  @Test
  void eachCaptureHasOnlyItsOwnCallsLinesAndNothingIsLeftRedirected() {
    NativeStderr.capture(() -> {
      nativeWrite("WARNING: first\n");
      return 0;
    });
    nativeWrite("");
    NativeStderr.Said second = NativeStderr.capture(() -> {
      nativeWrite("WARNING: second\n");
      return 0;
    });
    assertEquals(List.of("WARNING: second"), second.lines());
    assertEquals("", NativeStderr.capture(() -> 0).reason());
  }
}
