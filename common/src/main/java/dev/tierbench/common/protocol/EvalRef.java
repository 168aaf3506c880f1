package dev.tierbench.common.protocol;

/**
 * A held-out evaluation set as it travels with a task: its name for people, its content hash to fetch it by
 * (from the coordinator, like models) and check it with.
 */
public record EvalRef(String name, String sha256, long bytes) {
  public EvalRef {
    Checks.text(name, "name");
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got " + sha256);
    }
    Checks.notNegative(bytes, "bytes");
  }
}
