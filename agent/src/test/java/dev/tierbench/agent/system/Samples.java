package dev.tierbench.agent.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The recorded device output in src/test/resources/samples (origins in its SOURCES.tsv), and small helpers to
 * build fake sysfs trees and fake tools.
 */
final class Samples {

  private Samples() {}

  static String text(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("/samples/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(String name) {
    return text(name).lines().toList();
  }

  static Path dir(String name) {
    URL url = Samples.class.getResource("/samples/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no sample " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code content} to {@code root/relative}, creating the directories. */
  static Path write(Path root, String relative, String content) {
    try {
      Path file = root.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An executable shell script {@code dir/name} standing in for a device tool. */
  static Path script(Path dir, String name, String body) {
    Path file = write(dir, name, "#!/bin/sh\n" + body);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
