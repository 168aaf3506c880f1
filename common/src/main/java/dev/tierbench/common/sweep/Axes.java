package dev.tierbench.common.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.tierbench.common.protocol.TrialParams;

/** The values each swept axis takes; the sweep's points are their Cartesian product. */
public final class Axes {

  private final Map<Axis, List<Object>> values;

  public Axes(Map<Axis, List<Object>> values) {
    EnumMap<Axis, List<Object>> copy = new EnumMap<>(Axis.class);
    values.forEach((axis, list) -> {
      if (list.isEmpty()) {
        throw new IllegalArgumentException("axis '" + axis.key() + "' has no values");
      }
      copy.put(axis, List.copyOf(list));
    });
    this.values = Collections.unmodifiableMap(copy);
  }

  public Map<Axis, List<Object>> values() {
    return values;
  }

  /** Every combination, in axis order then value order as written, so the order is stable. */
  public List<TrialParams> points() {
    List<Map<Axis, Object>> points = new ArrayList<>();
    points.add(new EnumMap<>(Axis.class));
    for (Map.Entry<Axis, List<Object>> axis : values.entrySet()) {
      List<Map<Axis, Object>> next = new ArrayList<>();
      for (Map<Axis, Object> point : points) {
        for (Object value : axis.getValue()) {
          Map<Axis, Object> extended = new EnumMap<>(Axis.class);
          extended.putAll(point);
          extended.put(axis.getKey(), value);
          next.add(extended);
        }
      }
      points = next;
    }
    return points.stream().map(Axis::params).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Axes other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "Axes" + values;
  }
}
