package dev.tierbench.coordinator.upload;

import java.util.regex.Pattern;

/** A blob's name: its sha256, 64 lower-case hex digits, checked before it becomes part of a path. */
public final class Sha256 {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private Sha256() {}

  public static boolean valid(String text) {
    return text != null && HEX.matcher(text).matches();
  }

  /** @throws UploadException 400 for anything but 64 lower-case hex digits */
  public static String require(String text) {
    if (!valid(text)) {
      throw new UploadException(400, "'" + text + "' is not a sha256: 64 lower-case hex digits");
    }
    return text;
  }
}
