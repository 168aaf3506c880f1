package dev.tierbench.coordinator.recommend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tierbench.coordinator.analysis.Metric;
import dev.tierbench.coordinator.analysis.MetricCatalog;

/** A bound on one metric, as written: {@code p99_ms <= 50}, {@code accuracy >= 0.9}. */
public record Constraint(Metric metric, Comparison comparison, double bound) {

  private static final Pattern FORM = Pattern.compile(
      "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(<=|>=|==|=|<|>)\\s*([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*");

  public enum Comparison {
    AT_MOST("<="), LESS("<"), AT_LEAST(">="), GREATER(">"), EQUAL("==");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    static Comparison of(String symbol) {
      return switch (symbol) {
        case "<=" -> AT_MOST;
        case "<" -> LESS;
        case ">=" -> AT_LEAST;
        case ">" -> GREATER;
        default -> EQUAL;
      };
    }
  }

  /**
   * Parses one constraint.
   *
   * @throws IllegalArgumentException naming the text and the form, and listing the metrics of the run
   * @throws dev.tierbench.coordinator.analysis.UnknownMetricException for a name that is no metric here
   */
  public static Constraint parse(String text, List<Metric> available) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("constraint '" + text + "' does not parse: write METRIC OP NUMBER with OP one"
          + " of <= < >= > ==, e.g. 'p99_ms<=50'; metrics here: " + available.stream().map(Metric::name).toList());
    }
    return new Constraint(MetricCatalog.require(m.group(1), available), Comparison.of(m.group(2)),
        Double.parseDouble(m.group(3)));
  }

  /** Parses constraints; each text may hold several joined by "and" or ",". */
  public static List<Constraint> parseAll(List<String> texts, List<Metric> available) {
    List<Constraint> constraints = new ArrayList<>();
    for (String text : texts) {
      for (String part : text.split("(?i)\\s+and\\s+|,")) {
        if (!part.isBlank()) {
          constraints.add(parse(part, available));
        }
      }
    }
    return constraints;
  }

  public boolean holds(double value) {
    return switch (comparison) {
      case AT_MOST -> value <= bound;
      case LESS -> value < bound;
      case AT_LEAST -> value >= bound;
      case GREATER -> value > bound;
      case EQUAL -> value == bound;
    };
  }

  /** How far a value misses the bound, relative to it (0 when it holds): ranks the near misses. */
  public double shortfall(double value) {
    if (holds(value)) {
      return 0;
    }
    return Math.abs(value - bound) / Math.max(Math.abs(bound), 1e-12);
  }

  @Override
  public String toString() {
    return metric.name() + " " + comparison.symbol() + " " + format(bound);
  }

  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.format(Locale.ROOT, "%d", (long) value);
    }
    return String.format(Locale.ROOT, "%.4g", value);
  }
}
