package dev.tierbench.coordinator.report;

import java.util.List;
import java.util.Locale;

/** RFC 4180 lines and numbers as every CSV file tierbench writes them. */
final class Csv {

  private Csv() {}

  /** Six significant digits; empty for "not available". */
  static String number(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6g", value);
  }

  static String line(List<?> values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      String v = String.valueOf(values.get(i));
      if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
        v = "\"" + v.replace("\"", "\"\"") + "\"";
      }
      line.append(i == 0 ? "" : ",").append(v);
    }
    return line.append('\n').toString();
  }
}
