package dev.tierbench.agent.system;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading sysfs the way the samplers need it: a file that is missing, unreadable (permission denied, a driver
 * returning EIO or ENODATA for a sensor that is off) or not a number reads as null, never as 0 and never as an
 * exception, so one bad sensor hides only its own figure.
 */
final class SysFiles {

  private SysFiles() {}

  /** The file's content without surrounding white space, or null if it cannot be read. */
  static String text(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The file's content as an integer, or null if it cannot be read or is not one. */
  static Long number(Path file) {
    String text = text(file);
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The entries of {@code dir} whose names match {@code pattern} (its group 1 a number), by that number;
   * empty when the directory is missing or unreadable.
   */
  static List<Path> entries(Path dir, Pattern pattern) {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path entry : stream) {
        if (pattern.matcher(entry.getFileName().toString()).matches()) {
          entries.add(entry);
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    entries.sort(Comparator.comparingLong(p -> index(p, pattern)));
    return entries;
  }

  private static long index(Path entry, Pattern pattern) {
    Matcher m = pattern.matcher(entry.getFileName().toString());
    if (m.matches() && m.groupCount() >= 1 && m.group(1) != null) {
      try {
        return Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        return Long.MAX_VALUE;
      }
    }
    return Long.MAX_VALUE;
  }
}
