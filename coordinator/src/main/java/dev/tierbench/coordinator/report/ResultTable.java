package dev.tierbench.coordinator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table printed at the end of a run: one line per trial and tier. */
public final class ResultTable {

  private static final String[] HEADER = {"model", "engine", "MFLOPs", "scenario", "batch", "threads", "xnnpack",
      "tier", "reps", "p50", "p90", "p99", "cv%", "samples/s", "rss MB", "load", "first", "quality"};
  /** Left-aligned columns: words, not figures. */
  private static final java.util.Set<Integer> TEXT = java.util.Set.of(0, 1, 3, 7);

  private ResultTable() {}

  public static String render(List<TrialRow> rows) {
    List<String[]> cells = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    long predicted = rows.stream().filter(TrialRow::predicted).count();
    for (TrialRow row : rows.stream().filter(r -> !r.predicted()).toList()) {
      String[] line = new String[HEADER.length];
      line[0] = row.model();
      line[1] = engine(row);
      line[2] = row.modelFlops() < 0 ? "-" : number(row.modelFlops() / 1e6);
      line[3] = row.scenario() + (row.rate() > 0 ? "@" + number(row.rate()) + "/s" : "");
      line[4] = Integer.toString(row.batch());
      line[5] = row.threads() + (row.cpus().isEmpty() ? "" : "@" + row.cpus());
      line[6] = onnx(row) ? "-" : row.xnnpack() ? "on" : "off";
      line[7] = row.tier();
      line[8] = row.measured() + "/" + row.repetitions();
      if (row.measured() == 0) {
        for (int i = 9; i < line.length; i++) {
          line[i] = "-";
        }
      } else {
        line[9] = duration(row.latency().p50());
        line[10] = duration(row.latency().p90());
        line[11] = duration(row.latency().p99()) + (row.boundMet() == null ? "" : row.boundMet() ? " ok" : " OVER");
        line[12] = Double.isNaN(row.p50Cv()) ? "-" : number(100 * row.p50Cv());
        line[13] = number(row.samplesPerSecond());
        line[14] = number(row.rssPeakBytes() / 1e6);
        line[15] = duration(row.loadMillis() * 1e6);
        line[16] = duration(row.firstInferenceMillis() * 1e6);
        line[17] = !Double.isNaN(row.accuracy()) ? String.format(Locale.ROOT, "acc %.1f %%", 100 * row.accuracy())
            : !Double.isNaN(row.r2()) ? String.format(Locale.ROOT, "R² %.3f", row.r2()) : "-";
      }
      cells.add(line);
      if (!row.ok()) {
        failures.add(row.model() + " (" + row.engine() + ", batch " + row.batch() + ", threads " + row.threads()
            + (onnx(row) ? "" : ", xnnpack " + (row.xnnpack() ? "on" : "off")) + ") on tier " + row.tier() + ": "
            + row.failure());
      }
    }
    int[] widths = new int[HEADER.length];
    for (int i = 0; i < HEADER.length; i++) {
      widths[i] = HEADER[i].length();
      for (String[] line : cells) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendLine(out, HEADER, widths);
    for (String[] line : cells) {
      appendLine(out, line, widths);
    }
    java.util.Set<String> notes = new java.util.LinkedHashSet<>();
    rows.forEach(row -> row.disturbances().forEach(d -> notes.add(row.model() + " on " + row.tier() + ": " + d)));
    rows.stream().filter(row -> row.measured() > row.stable()).forEach(row -> notes.add(row.model() + " on "
        + row.tier() + ": warm-up did not reach a steady state in " + (row.measured() - row.stable()) + " of "
        + row.measured() + " repetition(s)"));
    if (predicted > 0) {
      notes.add(predicted + " variant(s) predicted, not measured (adaptive sweep): see the report's Predicted section");
    }
    if (!notes.isEmpty()) {
      out.append('\n').append("Notes:\n");
      notes.forEach(n -> out.append("  ").append(n).append('\n'));
    }
    if (!failures.isEmpty()) {
      out.append('\n').append("Failed:\n");
      failures.forEach(f -> out.append("  ").append(f).append('\n'));
    }
    return out.toString();
  }

  private static void appendLine(StringBuilder out, String[] line, int[] widths) {
    for (int i = 0; i < line.length; i++) {
      boolean text = TEXT.contains(i);
      String format = text ? "%-" + widths[i] + "s" : "%" + widths[i] + "s";
      out.append(String.format(format, line[i]));
      out.append(i == line.length - 1 ? "\n" : "  ");
    }
  }

  /**
   * The runtime that measured the row, at its exact version ("TFLite 2.20.0"), or the engine's name before any
   * result; ONNX Runtime's settings when not its defaults.
   */
  private static String engine(TrialRow row) {
    String engine = row.runtime().isEmpty() ? row.engine() : row.runtime();
    if (!onnx(row) || row.optimization().equals("all") && row.provider().equals("cpu")) {
      return engine;
    }
    return engine + " (" + row.optimization() + ", " + row.provider() + ")";
  }

  private static boolean onnx(TrialRow row) {
    return row.engine().equals(dev.tierbench.common.protocol.Engine.ONNXRUNTIME.key());
  }

  /**
   * A time in the unit that fits it, with three significant digits: "0.290 µs", "44.0 µs", "1.24 ms", "2.50 s"; a
   * sub-millisecond query printed in milliseconds would read as 2.91e-04.
   */
  static String duration(double nanos) {
    if (Double.isNaN(nanos)) {
      return "-";
    }
    if (nanos >= 1e9) {
      return number(nanos / 1e9) + " s";
    }
    return nanos >= 1e6 ? number(nanos / 1e6) + " ms" : number(nanos / 1e3) + " µs";
  }

  /** Three significant digits, enough for measurements with 0.1 % histogram resolution. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (value >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    if (value >= 1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    if (value >= 0.001 || value == 0) {
      return String.format(Locale.ROOT, "%.3f", value);
    }
    return String.format(Locale.ROOT, "%.2e", value);
  }
}
