package dev.tierbench.common.io;

import java.util.Locale;

/** Text that is not UTF-8, with the 1-based line and column of the first bad byte. */
public final class InvalidUtf8Exception extends IllegalArgumentException {

  private final int line;
  private final int column;

  InvalidUtf8Exception(int line, int column, byte bad) {
    super(String.format(Locale.ROOT, "not UTF-8: byte 0x%02X cannot start or continue a character; save the file as"
        + " UTF-8", bad & 0xff));
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
