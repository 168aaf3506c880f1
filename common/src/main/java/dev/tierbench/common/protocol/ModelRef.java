package dev.tierbench.common.protocol;

/** A model as it travels: its name for people, its content hash for everything else. */
public record ModelRef(String name, String sha256, long bytes) {
  public ModelRef {
    Checks.text(name, "name");
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got " + sha256);
    }
    Checks.notNegative(bytes, "bytes");
  }
}
