package dev.tierbench.agent.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * What native code writes on the process's standard error while a call runs, captured instead of shown. TFLite
 * reports why it refuses a model there ("Didn't find op for builtin opcode ..."), and announces its XNNPACK
 * delegate there too: captured, the reason goes into the agent's answer and the chatter goes nowhere. Standard error
 * (file descriptor 2) is pointed at a private file for the call, so captures take turns; Java's own writes in that
 * window are captured as well and passed on afterwards. Where libc cannot be reached, the call just runs.
 */
final class NativeStderr {

  private static final Logger LOG = LoggerFactory.getLogger(NativeStderr.class);
  private static final int STDERR = 2;
  /** How TFLite's minimal logger starts a line; its INFO lines are the chatter ("Created ... XNNPACK delegate"). */
  private static final String INFO = "INFO: ";
  private static final List<String> NATIVE = List.of("ERROR: ", "WARNING: ");

  /** The libc calls that redirect a file descriptor. */
  private interface LibC extends Library {
    int dup(int fd);

    int dup2(int from, int to);

    int close(int fd);

    int mkstemp(byte[] template);
  }

  private static final LibC LIBC = load();

  /** A native call's status code and the error and warning lines the native library wrote meanwhile. */
  record Said(int status, List<String> lines) {

    /** The lines as one clause for a message, "" when there were none. */
    String reason() {
      return lines.isEmpty() ? "" : ": " + String.join("; ", lines.stream().map(l -> l.replaceFirst("^ERROR: ", ""))
          .toList());
    }
  }

  private NativeStderr() {}

  private static LibC load() {
    try {
      return Native.load("c", LibC.class);
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("libc is out of reach ({}): native messages go to standard error as they are", e.getMessage());
      return null;
    }
  }

  /**
   * Runs {@code call}, capturing what it writes on standard error: INFO lines are dropped, anything that is not the
   * native library's (a Java thread's log line) is written out again.
   */
  static synchronized Said capture(IntSupplier call) {
    if (LIBC == null) {
      return new Said(call.getAsInt(), List.of());
    }
    byte[] template = (System.getProperty("java.io.tmpdir") + "/tierbench-stderr-XXXXXX\0")
        .getBytes(StandardCharsets.UTF_8);
    int file = LIBC.mkstemp(template);
    if (file < 0) {
      return new Said(call.getAsInt(), List.of());
    }
    Path path = Path.of(new String(template, 0, template.length - 1, StandardCharsets.UTF_8));
    int saved = LIBC.dup(STDERR);
    int status;
    try {
      System.err.flush();
      LIBC.dup2(file, STDERR);
      try {
        status = call.getAsInt();
      } finally {
        System.err.flush();
        LIBC.dup2(saved, STDERR);
      }
    } finally {
      LIBC.close(saved);
      LIBC.close(file);
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      Files.deleteIfExists(path);
    } catch (IOException e) {
      return new Said(status, List.of());
    }
    List<String> said = new ArrayList<>();
    for (String line : lines) {
      if (NATIVE.stream().anyMatch(line::startsWith)) {
        said.add(line);
      } else if (!line.isBlank() && !line.startsWith(INFO)) {
        System.err.println(line);
      }
    }
    return new Said(status, said);
  }
}
