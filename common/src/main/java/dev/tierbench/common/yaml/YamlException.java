package dev.tierbench.common.yaml;

import java.util.List;
import java.util.stream.Collectors;

/** One or more problems in a YAML file, each with its location; the message lists them all, one per line. */
public final class YamlException extends RuntimeException {

  private final List<Problem> problems;

  public YamlException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a YamlException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public YamlException(Location location, String message) {
    this(List.of(new Problem(location, message)));
  }

  public List<Problem> problems() {
    return problems;
  }

  public record Problem(Location location, String message) {
    @Override
    public String toString() {
      return location + ": " + message;
    }
  }
}
