package dev.tierbench.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files replaced in one step: written to a temporary file beside the target, then moved over it, so that a
 * reader (a browser, Prometheus, another sweep sharing the cache) sees the old file or the new one, never half.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** Writes {@code bytes} to {@code file}, creating its folder; a temporary file of its own per call. */
  public static void write(Path file, byte[] bytes) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".part");
    try {
      Files.write(partial, bytes);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
