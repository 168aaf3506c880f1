package dev.tierbench.common.yaml;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.tierbench.common.config.Durations;

/**
 * Typed reads from a {@link YamlNode} tree. A read that fails records a problem naming what was expected
 * and returns empty, so that one pass over a file reports all of its mistakes.
 */
public final class YamlReader {

  private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "y", "on");

  private final Problems problems;

  public YamlReader(Problems problems) {
    this.problems = problems;
  }

  public Problems problems() {
    return problems;
  }

  public Optional<YamlNode.Mapping> mapping(YamlNode node, String what) {
    if (node instanceof YamlNode.Mapping m) {
      return Optional.of(m);
    }
    problems.add(node.location(), what + " must be a mapping of keys to values, got " + node.describe());
    return Optional.empty();
  }

  /** Records a problem for each key of {@code mapping} not in {@code allowed}, suggesting the closest one. */
  public void rejectUnknownKeys(YamlNode.Mapping mapping, String what, Collection<String> allowed) {
    for (YamlNode.Entry entry : mapping.entries().values()) {
      if (!allowed.contains(entry.key())) {
        problems.add(entry.keyLocation(), "unknown key '" + entry.key() + "' in " + what
            + suggestion(entry.key(), allowed) + "; allowed keys: " + String.join(", ", allowed));
      }
    }
  }

  public Optional<YamlNode> optional(YamlNode.Mapping mapping, String key) {
    YamlNode.Entry entry = mapping.entries().get(key);
    return entry == null ? Optional.empty() : Optional.of(entry.value());
  }

  public Optional<YamlNode> required(YamlNode.Mapping mapping, String key, String what) {
    Optional<YamlNode> value = optional(mapping, key);
    if (value.isEmpty()) {
      problems.add(mapping.location(), what + " needs the key '" + key + "'");
    }
    return value;
  }

  /** A list, or a single value read as a one-element list. */
  public List<YamlNode> listOrOne(YamlNode node) {
    return node instanceof YamlNode.Sequence s ? s.items() : List.of(node);
  }

  public Optional<YamlNode.Sequence> list(YamlNode node, String what) {
    if (node instanceof YamlNode.Sequence s) {
      return Optional.of(s);
    }
    problems.add(node.location(), what + " must be a list, got " + node.describe());
    return Optional.empty();
  }

  public Optional<String> text(YamlNode node, String what) {
    if (node instanceof YamlNode.Scalar s && s.kind() != YamlNode.Scalar.Kind.NULL && !s.text().isBlank()) {
      return Optional.of(s.text());
    }
    problems.add(node.location(), what + " must be a text value, got " + node.describe());
    return Optional.empty();
  }

  /** A whole number in [min, max]. */
  public Optional<Long> integer(YamlNode node, String what, long min, long max) {
    if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.INTEGER) {
      try {
        long value = Long.parseLong(s.text());
        if (value >= min && value <= max) {
          return Optional.of(value);
        }
      } catch (NumberFormatException tooBig) {
        // reported below as out of range
      }
      problems.add(node.location(), what + " must be between " + min + " and " + max + ", got " + s.text());
      return Optional.empty();
    }
    problems.add(node.location(), what + " must be a whole number, got " + node.describe());
    return Optional.empty();
  }

  /** A number (whole or decimal) in [min, max]. */
  public Optional<Double> decimal(YamlNode node, String what, double min, double max) {
    if (node instanceof YamlNode.Scalar s
        && (s.kind() == YamlNode.Scalar.Kind.INTEGER || s.kind() == YamlNode.Scalar.Kind.DECIMAL)) {
      double value = finite(s.text());
      if (value >= min && value <= max) {
        return Optional.of(value);
      }
      problems.add(node.location(), what + " must be " + (Double.isNaN(value) ? "a finite number" : "between " + min
          + " and " + max) + ", got " + s.text());
      return Optional.empty();
    }
    problems.add(node.location(), what + " must be a number, got " + node.describe());
    return Optional.empty();
  }

  /** The number YAML wrote, or NaN for what Java cannot read as one (.nan, .inf, 1_000) or reads as infinite. */
  private static double finite(String text) {
    try {
      double value = Double.parseDouble(text);
      return Double.isInfinite(value) ? Double.NaN : value;
    } catch (NumberFormatException notJava) {
      return Double.NaN;
    }
  }

  public Optional<Boolean> bool(YamlNode node, String what) {
    if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.BOOLEAN) {
      return Optional.of(isTrue(s));
    }
    problems.add(node.location(), what + " must be true or false, got " + node.describe());
    return Optional.empty();
  }

  /** The value of a boolean scalar as written: YAML 1.1 (Jackson's reading) also writes yes/no, on/off, y/n. */
  public static boolean isTrue(YamlNode.Scalar scalar) {
    return TRUE_WORDS.contains(scalar.text().toLowerCase(Locale.ROOT));
  }

  /** A duration of at most {@code max}. */
  public Optional<Duration> duration(YamlNode node, String what, Duration max) {
    if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.STRING) {
      try {
        Duration value = Durations.parse(s.text());
        if (value.compareTo(max) <= 0) {
          return Optional.of(value);
        }
        problems.add(node.location(), what + " must be at most " + Durations.format(max) + ", got " + s.text());
      } catch (IllegalArgumentException e) {
        problems.add(node.location(), what + ": " + e.getMessage());
      }
      return Optional.empty();
    }
    if (node instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.INTEGER && s.text().equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    problems.add(node.location(), what + " must be a duration such as 500ms, 2s or 1m, got " + node.describe());
    return Optional.empty();
  }

  /** One of {@code allowed}; the problem lists them. */
  public Optional<String> choice(YamlNode node, String what, Set<String> allowed) {
    Optional<String> value = text(node, what);
    if (value.isPresent() && !allowed.contains(value.get())) {
      problems.add(node.location(), what + " must be one of " + String.join(", ", allowed) + ", got '"
          + value.get() + "'" + suggestion(value.get(), allowed));
      return Optional.empty();
    }
    return value;
  }

  /** " (did you mean 'x'?)" when a known word is within two edits, else empty. */
  static String suggestion(String word, Collection<String> known) {
    return known.stream()
        .filter(k -> editDistance(word, k) <= 2)
        .min(Comparator.comparingInt(k -> editDistance(word, k)))
        .map(k -> " (did you mean '" + k + "'?)")
        .orElse("");
  }

  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
