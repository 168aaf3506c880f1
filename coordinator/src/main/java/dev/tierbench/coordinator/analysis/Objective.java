package dev.tierbench.coordinator.analysis;

import java.util.ArrayList;
import java.util.List;

/** A metric a frontier ranks by, with the direction that is better (the metric's own unless overridden). */
public record Objective(Metric metric, Direction direction) {

  public String name() {
    return metric.name();
  }

  /**
   * Parses {@code NAME} or {@code NAME:max} / {@code NAME:min}.
   *
   * @throws UnknownMetricException listing the available metrics
   * @throws IllegalArgumentException for a direction other than min or max
   */
  public static Objective parse(String text, List<Metric> available) {
    String[] parts = text.trim().split(":", 2);
    Metric metric = MetricCatalog.require(parts[0].trim(), available);
    if (parts.length == 1) {
      return new Objective(metric, metric.direction());
    }
    return switch (parts[1].trim()) {
      case "max" -> new Objective(metric, Direction.MAXIMIZE);
      case "min" -> new Objective(metric, Direction.MINIMIZE);
      default -> throw new IllegalArgumentException("objective '" + text + "': the direction after ':' is max or min");
    };
  }

  /** Parses a list (items may themselves be comma-separated); at least two objectives, none twice. */
  public static List<Objective> parseAll(List<String> texts, List<Metric> available) {
    List<Objective> objectives = new ArrayList<>();
    for (String text : texts) {
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          Objective objective = parse(part, available);
          if (objectives.stream().anyMatch(o -> o.metric().equals(objective.metric()))) {
            throw new IllegalArgumentException("objective " + objective.name() + " is listed twice");
          }
          objectives.add(objective);
        }
      }
    }
    if (objectives.size() < 2) {
      throw new IllegalArgumentException("a Pareto frontier needs at least two objectives, got " + objectives.size()
          + (objectives.isEmpty() ? "" : " (" + objectives.get(0).name() + ")"));
    }
    return objectives;
  }

  @Override
  public String toString() {
    return metric.name() + ":" + direction.word();
  }
}
