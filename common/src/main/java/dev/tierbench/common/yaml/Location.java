package dev.tierbench.common.yaml;

/** A place in a text file, 1-based, printed the way compilers do: {@code file:line:column}. */
public record Location(String file, int line, int column) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
