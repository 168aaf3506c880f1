package dev.tierbench.agent.system;

import dev.tierbench.common.metrics.SystemMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code nvidia-smi --query-gpu=... --format=csv[,noheader][,nounits]} output into one metric map per
 * GPU (the fields and units are those of NVIDIA's {@code nvidia-smi --help-query-gpu}).
 *
 * <p>Accepts the form the sampler asks for ({@link #COMMAND}: no header, no units) and what people paste: a
 * header line ({@code utilization.gpu [%]}; any query, the wanted columns are found by name, including the
 * canonical names nvidia-smi prints for aliases, e.g. {@code clocks.current.sm} for {@code clocks.sm}) and
 * values with units ({@code 45 %}, {@code 1234 MiB}, {@code 250.00 W}, {@code 1980 MHz}). {@code [N/A]},
 * {@code [Not Supported]}, {@code N/A}, any other bracketed message and blanks are absent, never 0; so are
 * values with a unit the field should not have. Lines that do not fit (table output, error messages, a row
 * with the wrong number of cells) are skipped.
 */
public final class NvidiaSmi {

  /** The fields the sampler queries, in the order of the columns of its header-less output. */
  public static final List<String> QUERY_FIELDS =
      List.of("index", "utilization.gpu", "memory.used", "power.draw", "temperature.gpu", "clocks.sm");

  /** The sampler's command line. */
  public static final List<String> COMMAND = List.of("nvidia-smi",
      "--query-gpu=" + String.join(",", QUERY_FIELDS), "--format=csv,noheader,nounits");

  private static final double MIB = 1024.0 * 1024.0;

  /** How a field maps to a metric: its unit in nvidia-smi output and the factor to the metric's base unit. */
  private record Field(String metric, String unit, double factor) {}

  private static final Map<String, Field> FIELDS = Map.of(
      "utilization.gpu", new Field(SystemMetrics.GPU_UTILIZATION, "%", 0.01),
      "memory.used", new Field(SystemMetrics.GPU_MEMORY_USED, "MiB", MIB),
      "power.draw", new Field(SystemMetrics.GPU_POWER, "W", 1.0),
      "temperature.gpu", new Field(SystemMetrics.GPU_TEMPERATURE, "C", 1.0),
      "clocks.sm", new Field(SystemMetrics.GPU_CLOCK, "MHz", 1e6),
      // The header names a queried alias by its canonical name.
      "clocks.current.sm", new Field(SystemMetrics.GPU_CLOCK, "MHz", 1e6));

  /** A header cell: a field name (some have capitals inside), optionally followed by its unit in brackets. */
  private static final Pattern HEADER_CELL = Pattern.compile("([a-z][A-Za-z0-9_.]*)(?: \\[([^\\]]*)\\])?");
  /** A value: a number, optionally followed by a unit. */
  private static final Pattern VALUE = Pattern.compile("([-+]?\\d+(?:\\.\\d+)?)(?:\\s*(\\S+))?");

  private NvidiaSmi() {}

  /**
   * One metric map per GPU row, in output order. Without a header line the columns are taken to be
   * {@link #QUERY_FIELDS}; a header line (anywhere: pasted outputs may be concatenated) names the columns of
   * the rows after it.
   */
  public static List<Map<String, Double>> parse(String output) {
    return parse(output, QUERY_FIELDS);
  }

  /**
   * Like {@link #parse(String)}, for header-less output of another query: {@code fields} are the names given
   * to {@code --query-gpu}, in order.
   */
  public static List<Map<String, Double>> parse(String output, List<String> fields) {
    List<String> columns = fields;
    List<String> headerUnits = null;
    List<Map<String, Double>> gpus = new ArrayList<>();
    for (String rawLine : output.split("\\R")) {
      String line = rawLine.strip();
      if (line.isEmpty()) {
        continue;
      }
      List<String> cells = cells(line);
      List<String> names = new ArrayList<>();
      List<String> units = new ArrayList<>();
      if (header(cells, names, units)) {
        columns = names;
        headerUnits = units;
        continue;
      }
      if (cells.size() != columns.size()) {
        continue; // not a row of this query: a message, a table line, a truncated paste
      }
      Map<String, Double> metrics = new HashMap<>();
      for (int i = 0; i < cells.size(); i++) {
        Field field = FIELDS.get(columns.get(i));
        if (field != null) {
          Double value = value(cells.get(i), field, headerUnits == null ? null : headerUnits.get(i));
          if (value != null) {
            metrics.put(field.metric(), value);
          }
        }
      }
      gpus.add(Collections.unmodifiableMap(metrics));
    }
    return Collections.unmodifiableList(gpus);
  }

  /**
   * The figures of all GPUs as one: power and memory summed (what the machine draws and holds), utilization,
   * temperature and clock the maximum (the busiest, hottest GPU). A metric no GPU reports stays absent.
   */
  public static Map<String, Double> aggregate(List<Map<String, Double>> gpus) {
    Map<String, Double> all = new HashMap<>();
    for (Map<String, Double> gpu : gpus) {
      gpu.forEach((metric, value) -> all.merge(metric, value,
          metric.equals(SystemMetrics.GPU_POWER) || metric.equals(SystemMetrics.GPU_MEMORY_USED) ? Double::sum : Math::max));
    }
    return Collections.unmodifiableMap(all);
  }

  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    for (String cell : line.split(",", -1)) {
      cells.add(cell.strip());
    }
    return cells;
  }

  /**
   * Whether {@code cells} is a header line (every cell a field name, at least one of them known); if so its
   * column names and units (null where none) are added to {@code names} and {@code units}.
   */
  private static boolean header(List<String> cells, List<String> names, List<String> units) {
    boolean known = false;
    for (String cell : cells) {
      Matcher m = HEADER_CELL.matcher(cell);
      if (!m.matches()) {
        return false;
      }
      names.add(m.group(1));
      units.add(m.group(2));
      known |= FIELDS.containsKey(m.group(1)) || m.group(1).equals("index");
    }
    return known;
  }

  private static Double value(String cell, Field field, String headerUnit) {
    Matcher m = VALUE.matcher(cell);
    if (!m.matches()) {
      return null; // [N/A], [Not Supported], N/A, blank, a message
    }
    String unit = m.group(2) != null ? m.group(2) : headerUnit;
    if (unit != null && !unit.toLowerCase(Locale.ROOT).equals(field.unit().toLowerCase(Locale.ROOT))) {
      return null; // a unit this field never has: refuse to guess the scale
    }
    return Double.parseDouble(m.group(1)) * field.factor();
  }
}
