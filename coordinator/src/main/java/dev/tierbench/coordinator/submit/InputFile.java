package dev.tierbench.coordinator.submit;

import dev.tierbench.coordinator.upload.Sha256;

/**
 * One file a sweep reads: {@code written} as the sweep names it (a model, a CSV, a label file, an image folder),
 * {@code relative} the file inside it for a folder ("" for a plain file), with its size and sha256. It arrives
 * from a client, so everything that will become part of a path on the coordinator is checked here.
 */
public record InputFile(String written, String relative, long size, String sha256) {

  public InputFile {
    if (written == null || written.isBlank() || written.indexOf('\0') >= 0 || written.length() > 4096) {
      throw new IllegalArgumentException("a written path must be 1 to 4096 characters without NUL, got "
          + quoted(written));
    }
    if (relative == null || !relative.isEmpty() && !safe(relative)) {
      throw new IllegalArgumentException("file " + quoted(relative) + " in '" + written + "' must be a relative path"
          + " of plain names ('/' between them; no '..', '.', empty part, backslash or NUL)");
    }
    if (size < 0) {
      throw new IllegalArgumentException("'" + written + "' " + relative + ": a size must be >= 0, got " + size);
    }
    if (!Sha256.valid(sha256)) {
      throw new IllegalArgumentException("'" + written + "' " + relative + ": " + quoted(sha256)
          + " is not a sha256 (64 lower-case hex digits)");
    }
  }

  /** Where it is, for messages: the written path, and the file inside it for a folder. */
  public String label() {
    return relative.isEmpty() ? written : written + "/" + relative;
  }

  private static boolean safe(String relative) {
    if (relative.length() > 4096 || relative.indexOf('\0') >= 0 || relative.indexOf('\\') >= 0
        || relative.startsWith("/")) {
      return false;
    }
    for (String part : relative.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static String quoted(String text) {
    return text == null ? "none" : "'" + text + "'";
  }
}
