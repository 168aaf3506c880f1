package dev.tierbench.coordinator.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Prometheus text scrape and checks tierbench's own families against Prometheus naming conventions:
 * the {@code tierbench_} prefix, snake case, {@code _total} on counters and only there, base units (seconds,
 * bytes, ratio, celsius, hertz, watts, joules) as the last word before {@code _total}, never ms/percent/KB,
 * a help text, and labels from a small fixed set (no trial, model, task or run-unbounded label).
 */
public final class MetricsConventions {

  public static final Set<String> LABELS = Set.of("tier", "agent", "family", "scenario", "state", "run", "outcome",
      "le");
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Set<String> UNITS = Set.of("seconds", "bytes", "ratio", "celsius", "hertz", "watts", "joules");
  private static final Set<String> NOT_BASE_UNITS = Set.of("ms", "milliseconds", "microseconds", "nanoseconds",
      "percent", "kb", "mb", "kib", "mib", "gb", "megahertz", "mhz", "celcius", "millijoules", "milliwatts");

  /** A family with its type, help and series (each a map of labels, name first under "__name__"). */
  public record Family(String name, String type, String help, List<Map<String, String>> series) {}

  private MetricsConventions() {}

  public static Map<String, Family> parse(String scrape) {
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, String> helps = new LinkedHashMap<>();
    Map<String, List<Map<String, String>>> series = new LinkedHashMap<>();
    for (String line : scrape.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ", 4);
        types.put(parts[2], parts[3]);
      } else if (line.startsWith("# HELP ")) {
        String[] parts = line.split(" ", 4);
        helps.put(parts[2], parts.length > 3 ? parts[3] : "");
      } else if (!line.isBlank() && !line.startsWith("#")) {
        Matcher m = SAMPLE.matcher(line);
        if (m.find()) {
          Map<String, String> labels = new LinkedHashMap<>();
          labels.put("__name__", m.group(1));
          if (m.group(3) != null) {
            Matcher l = LABEL.matcher(m.group(3));
            while (l.find()) {
              labels.put(l.group(1), l.group(2));
            }
          }
          series.computeIfAbsent(family(m.group(1), types), k -> new ArrayList<>()).add(labels);
        }
      }
    }
    Map<String, Family> families = new LinkedHashMap<>();
    types.forEach((name, type) -> families.put(name, new Family(name, type, helps.getOrDefault(name, ""),
        series.getOrDefault(name, List.of()))));
    return families;
  }

  /** The family a sample belongs to: its name less a histogram's or counter's suffix. */
  private static String family(String sample, Map<String, String> types) {
    if (types.containsKey(sample)) {
      return sample;
    }
    for (String suffix : List.of("_bucket", "_count", "_sum", "_total", "_created")) {
      if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
        return sample.substring(0, sample.length() - suffix.length());
      }
    }
    return sample;
  }

  /** What breaks the conventions in tierbench's families of {@code scrape}; empty when nothing does. */
  public static List<String> violations(String scrape) {
    List<String> problems = new ArrayList<>();
    for (Family f : parse(scrape).values()) {
      if (!f.name().startsWith("tierbench_")) {
        continue;
      }
      String name = f.name();
      if (!name.matches("tierbench_[a-z0-9]+(_[a-z0-9]+)*")) {
        problems.add(name + ": not snake case");
      }
      if (f.help().isBlank()) {
        problems.add(name + ": no help text");
      }
      List<String> words = List.of(name.split("_"));
      if (f.type().equals("counter") != name.endsWith("_total")) {
        problems.add(name + ": " + f.type() + (f.type().equals("counter") ? " without" : " with") + " _total");
      }
      for (String word : words) {
        if (NOT_BASE_UNITS.contains(word)) {
          problems.add(name + ": '" + word + "' is not a base unit");
        }
      }
      if (f.type().equals("histogram") && !UNITS.contains(words.get(words.size() - 1))) {
        problems.add(name + ": a histogram without its unit");
      }
      Set<String> labels = new TreeSet<>();
      f.series().forEach(s -> labels.addAll(s.keySet()));
      labels.remove("__name__");
      labels.removeAll(LABELS);
      if (!labels.isEmpty()) {
        problems.add(name + ": labels outside the bounded set: " + labels);
      }
    }
    return problems;
  }

  /** Series (sample lines) of tierbench's own families. */
  public static long tierbenchSeries(String scrape) {
    return scrape.lines().filter(l -> l.startsWith("tierbench_")).count();
  }
}
