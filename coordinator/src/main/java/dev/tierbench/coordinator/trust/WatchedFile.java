package dev.tierbench.coordinator.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
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
  /** What told the file's versions apart when it was read: see {@link #version}. */
  private List<Object> readAt;

  WatchedFile(Path file, Reader<T> reader) {
    this.file = file;
    this.reader = reader;
  }

  synchronized T get() throws IOException {
    List<Object> version = version();
    if (!read || !Objects.equals(version, readAt)) {
      value = reader.read(file);
      readAt = version;
      read = true;
    }
    return value;
  }

  /**
   * The file's modification time, inode and size, or null when it is missing. The time alone misses a change made
   * within its resolution (a revocation right after a read); every writer replaces the file by a new one
   * ({@code SecretFile.write}), so the inode tells that change apart.
   */
  private List<Object> version() throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    return Arrays.asList(attributes.lastModifiedTime(), attributes.fileKey(), attributes.size());
  }
}
