package dev.tierbench.coordinator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.coordinator.analysis.Metric;
import dev.tierbench.coordinator.analysis.MetricCatalog;
import dev.tierbench.coordinator.analysis.Variant;
import dev.tierbench.coordinator.analysis.Variants;
import dev.tierbench.coordinator.store.RunReader;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.store.StoredRun;

/**
 * Checks that everything a run folder says about a variant says what the analysis says: the printed table, the
 * trials of {@code results.json} and {@code report.json}, the frontier points, and {@code results.csv}'s task rows
 * combined by each metric's aggregation policy.
 */
public final class FiguresAgree {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FiguresAgree() {}

  /** @return how many variants were checked */
  public static int check(Path folder) throws IOException {
    StoredRun run = RunReader.read(folder.resolve(RunFolders.DATABASE));
    List<Variant> variants = Variants.of(run);
    Map<String, Variant> byId = new LinkedHashMap<>();
    variants.forEach(v -> byId.put(v.id(), v));
    List<TrialRow> rows = TrialRows.of(run, variants);
    List<String[]> table = tableCells(ResultTable.render(rows), rows.size());
    JsonNode results = JSON.readTree(folder.resolve(RunFolders.RESULTS_JSON).toFile()).get("trials");
    JsonNode report = JSON.readTree(folder.resolve(RunFolders.REPORT_JSON).toFile());
    assertEquals(results, report.get("trials"), "results.json and report.json list the same trials");
    Map<String, List<Map<String, String>>> tasks = csvByVariant(folder.resolve(RunFolders.RESULTS_CSV));
    int checked = 0;
    for (int i = 0; i < rows.size(); i++) {
      TrialRow row = rows.get(i);
      Variant v = byId.get(dev.tierbench.coordinator.analysis.Variant.id(row.trialId(), row.tier()));
      String what = row.model() + " on " + row.tier();
      assertEquals(v == null ? 0 : v.repetitions().size(), row.measured(), what);
      if (v == null) {
        continue;
      }
      checked++;
      agreeWithMetrics(row, v, what);
      agreeWithTable(row, table.get(i), what);
      agreeWithJson(row, results.get(i), what);
      agreeWithCsv(row, tasks.get(v.id()), what);
    }
    for (JsonNode frontier : report.get("frontiers")) {
      for (JsonNode point : frontier.get("points")) {
        Variant v = byId.get(point.get("variantId").asText());
        point.get("values").fields().forEachRemaining(e -> assertClose(value(e.getKey(), v), e.getValue(),
            "frontier " + frontier.get("scope").asText() + ": " + e.getKey() + " of " + v.id()));
      }
    }
    return checked;
  }

  /** The row's figures are the metrics' point estimates (latency quantiles to the nanosecond). */
  private static void agreeWithMetrics(TrialRow row, Variant v, String what) {
    assertEquals(Math.round(value("p50_ms", v) * 1e6), row.latency().p50(), what + ": p50");
    assertEquals(Math.round(value("p90_ms", v) * 1e6), row.latency().p90(), what + ": p90");
    assertEquals(Math.round(value("p99_ms", v) * 1e6), row.latency().p99(), what + ": p99");
    assertEquals(Math.round(value("p999_ms", v) * 1e6), row.latency().p999(), what + ": p999");
    assertEquals(value("mean_ms", v) * 1e6, row.latency().mean(), row.latency().mean() * 1e-9, what + ": mean");
    assertEquals(value("throughput", v), row.samplesPerSecond(), 0, what + ": throughput");
    assertEquals(value("load_ms", v), row.loadMillis(), 0, what + ": load");
    assertEquals(value("first_inference_ms", v), row.firstInferenceMillis(), 0, what + ": first inference");
    assertEquals(value("accuracy", v), row.accuracy(), 0, what + ": accuracy (NaN: none)");
    assertEquals(value("r2", v), row.r2(), 0, what + ": r2");
  }

  private static void agreeWithTable(TrialRow row, String[] cells, String what) {
    assertEquals(row.model(), cells[0], what);
    assertEquals(row.measured() + "/" + row.repetitions(), cells[8], what);
    assertEquals(row.latency().p50(), nanos(cells[9]), row.latency().p50() * 0.005, what + ": table p50 " + cells[9]);
    assertEquals(row.latency().p90(), nanos(cells[10]), row.latency().p90() * 0.005, what + ": table p90 " + cells[10]);
    assertEquals(row.latency().p99(), nanos(cells[11].replaceAll(" (ok|OVER)$", "")), row.latency().p99() * 0.005,
        what + ": table p99 " + cells[11]);
    assertEquals(row.samplesPerSecond(), Double.parseDouble(cells[13]), row.samplesPerSecond() * 0.005,
        what + ": table samples/s");
    assertEquals(row.loadMillis() * 1e6, nanos(cells[15]), row.loadMillis() * 1e6 * 0.005, what + ": table load");
    if (Double.isNaN(row.accuracy())) {
      assertTrue(!cells[17].startsWith("acc"), what + ": no accuracy to print, got " + cells[17]);
    } else {
      assertEquals(100 * row.accuracy(), Double.parseDouble(cells[17].replaceAll("acc | %", "")), 0.05,
          what + ": table accuracy");
    }
  }

  private static void agreeWithJson(TrialRow row, JsonNode trial, String what) {
    assertEquals(row.trialId(), trial.get("trialId").asText(), what);
    assertEquals(row.tier(), trial.get("tier").asText(), what);
    for (String q : List.of("p50", "p90", "p95", "p99", "p999", "max", "min", "count")) {
      assertEquals(field(row.latency(), q), trial.get("latency").get(q).asLong(), what + ": json latency " + q);
    }
    assertClose(row.samplesPerSecond(), trial.get("samplesPerSecond"), what + ": json samples/s");
    assertClose(row.rssPeakBytes(), trial.get("rssPeakBytes"), what + ": json rss");
    assertClose(row.cpuProcessMean(), trial.get("cpuProcessMean"), what + ": json cpu");
    assertClose(row.accuracy(), trial.get("accuracy"), what + ": json accuracy");
    assertClose(row.r2(), trial.get("r2"), what + ": json r2");
  }

  /** The variant's task rows combined by each figure's policy give the row's figure. */
  private static void agreeWithCsv(TrialRow row, List<Map<String, String>> tasks, String what) {
    assertEquals(row.measured(), tasks.size(), what + ": csv rows");
    double[] p50 = column(tasks, "p50_ms");
    // A merged quantile lies between the parts' quantiles (equal to it with one repetition).
    double merged = row.latency().p50() / 1e6;
    assertTrue(merged >= min(p50) * 0.9999 && merged <= max(p50) * 1.0001, what + ": merged p50 " + merged + " in "
        + Arrays.toString(p50));
    double queries = Arrays.stream(column(tasks, "queries")).sum();
    double seconds = Arrays.stream(column(tasks, "duration_s")).sum();
    assertEquals(row.samplesPerSecond(), row.batch() * queries / seconds, row.samplesPerSecond() * 1e-4,
        what + ": ratio of sums");
    near(row.loadMillis(), median(column(tasks, "load_ms")), what + ": median load");
    double[] rss = column(tasks, "rss_peak_bytes");
    near(row.rssPeakBytes(), rss.length == 0 ? Double.NaN : max(rss), what + ": max rss");
    double[] cpu = column(tasks, "cpu_process_mean");
    near(row.cpuProcessMean(), cpu.length == 0 ? Double.NaN : Arrays.stream(cpu).average().orElseThrow(),
        what + ": mean cpu");
    for (Map<String, String> task : tasks) {
      String accuracy = task.get("accuracy");
      if (Double.isNaN(row.accuracy())) {
        assertEquals("", accuracy, what + ": csv states no accuracy");
      } else {
        assertEquals(row.accuracy(), Double.parseDouble(accuracy), 1e-5, what + ": csv accuracy, held out");
      }
    }
  }

  /** Equal to the CSV's six significant digits, or both not available. */
  private static void near(double expected, double actual, String what) {
    if (Double.isNaN(expected) || Double.isNaN(actual)) {
      assertEquals(Double.isNaN(expected), Double.isNaN(actual), what + ": " + expected + " vs " + actual);
    } else {
      assertEquals(expected, actual, Math.abs(expected) * 1e-5, what);
    }
  }

  private static double value(String metric, Variant v) {
    Optional<Metric> m = MetricCatalog.find(metric);
    assertTrue(m.isPresent(), "metric " + metric);
    return m.get().value(v);
  }

  private static void assertClose(double expected, JsonNode actual, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(actual == null || actual.isNull(), what + ": not available, got " + actual);
    } else {
      assertEquals(expected, actual.asDouble(), Math.abs(expected) * 1e-12, what);
    }
  }

  private static long field(dev.tierbench.common.stats.LatencySummary s, String q) {
    return switch (q) {
      case "p50" -> s.p50();
      case "p90" -> s.p90();
      case "p95" -> s.p95();
      case "p99" -> s.p99();
      case "p999" -> s.p999();
      case "max" -> s.max();
      case "min" -> s.min();
      default -> s.count();
    };
  }

  /** A time cell as the table prints it ("0.290 µs", "44.0 µs", "1.24 ms", "2.50 s"), in nanoseconds. */
  private static double nanos(String cell) {
    String[] parts = cell.split(" ");
    double value = Double.parseDouble(parts[0]);
    return value * switch (parts[1]) {
      case "µs" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      default -> throw new AssertionError("no unit in " + cell);
    };
  }

  /** The table's cells: columns are separated by at least two spaces, cells hold at most one. */
  private static List<String[]> tableCells(String table, int rows) {
    List<String[]> cells = new ArrayList<>();
    String[] lines = table.split("\n");
    for (int i = 1; i <= rows; i++) {
      cells.add(lines[i].trim().split(" {2,}"));
    }
    return cells;
  }

  private static Map<String, List<Map<String, String>>> csvByVariant(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<String> header = fields(lines.get(0));
    Map<String, List<Map<String, String>>> byVariant = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> values = fields(line);
      Map<String, String> task = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        task.put(header.get(i), values.get(i));
      }
      if (task.get("status").equals("ok")) {
        byVariant.computeIfAbsent(Variant.id(task.get("trial_id"), task.get("tier")), k -> new ArrayList<>()).add(task);
      }
    }
    return byVariant;
  }

  /** One RFC 4180 line's fields. */
  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  private static double[] column(List<Map<String, String>> tasks, String name) {
    return tasks.stream().map(t -> t.get(name)).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray();
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElseThrow();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
