package dev.tierbench.coordinator.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import dev.tierbench.common.trust.SecretFile;

/** A secret file read again whenever it changes, so that rotating it needs no restart. */
final class WatchedSecret {

  private final Path file;
  private String value;
  private FileTime readAt;

  WatchedSecret(Path file) {
    this.file = file;
  }

  synchronized String get() throws IOException {
    FileTime modified = Files.getLastModifiedTime(file);
    if (!modified.equals(readAt)) {
      value = SecretFile.read(file);
      readAt = modified;
    }
    return value;
  }
}
