package dev.tierbench.coordinator.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * A file of the state folder, read again whenever it changes: `tierbench token` changes it from another process, and
 * the running coordinator follows without a restart, reading (and parsing) it once per change, not per request.
 */
final class WatchedFile<T> {

  /** What the file holds; called again after each change, and for a missing file too. */
  @FunctionalInterface
  interface Reader<T> {
    T read(Path file) throws IOException;
  }

  private final Path file;
  private final Reader<T> reader;
  private boolean read;
  private T value;
  private FileTime readAt;

  WatchedFile(Path file, Reader<T> reader) {
    this.file = file;
    this.reader = reader;
  }

  synchronized T get() throws IOException {
    FileTime modified = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
    if (!read || !Objects.equals(modified, readAt)) {
      value = reader.read(file);
      readAt = modified;
      read = true;
    }
    return value;
  }
}
