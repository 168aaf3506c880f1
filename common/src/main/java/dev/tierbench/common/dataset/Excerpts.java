package dev.tierbench.common.dataset;

import java.util.List;
import java.util.Optional;

/**
 * What of a dataset file an error message may quote. A path can point at any file (a system file given as a CSV),
 * so content is quoted only once the file has the shape of a dataset, and then short: a header only when it names
 * at least two columns (features and a label), at most {@value #MAX_COLUMNS} of them; a cell at most
 * {@value #MAX_CHARS} characters, control characters shown as '?'.
 */
final class Excerpts {

  static final int MAX_CHARS = 40;
  static final int MAX_COLUMNS = 12;

  private Excerpts() {}

  /** The header's column names for a message, or empty when the first line is no dataset header. */
  static Optional<String> header(List<String> columns) {
    if (columns.size() < 2) {
      return Optional.empty();
    }
    List<String> shown = columns.stream().limit(MAX_COLUMNS).map(Excerpts::cell).toList();
    return Optional.of(String.join(", ", shown) + (columns.size() > MAX_COLUMNS ? ", ... ("
        + columns.size() + " columns)" : ""));
  }

  /** One cell, cut to {@value #MAX_CHARS} characters. */
  static String cell(String text) {
    String printable = text.strip().codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    return printable.codePointCount(0, printable.length()) <= MAX_CHARS ? printable
        : printable.substring(0, printable.offsetByCodePoints(0, MAX_CHARS)) + "...";
  }
}
