package dev.tierbench.coordinator.report;

import java.util.List;

/**
 * A chart as data, drawn by the report page as it is: a frontier scatter, a latency-vs-FLOPs fit, a
 * scaling curve or an agent's roofline. Every point is one variant (or one axis value of one); {@code probability} is its
 * probability of being Pareto-optimal where that applies (NaN elsewhere), which the page shades by. With
 * {@code categories} (an axis whose values are not numbers), x is a category's index.
 */
public record Plot(String id, String kind, String title, String xLabel, String yLabel, boolean logX, boolean logY,
    List<String> categories, List<Series> series, String note) {

  public static final String SCATTER = "scatter";
  public static final String FIT = "fit";
  public static final String CURVE = "curve";
  public static final String ROOFLINE = "roofline";

  /**
   * @param style "points", "line" (a fitted line, or a roofline's roof and levels: drawn, no markers) or "frontier"
   *     (the Pareto frontier, joined)
   */
  public record Series(String name, String style, List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }
  }

  public record Point(String id, String label, double x, double y, double probability) {}

  public Plot {
    series = List.copyOf(series);
    categories = List.copyOf(categories);
  }

  /** Points drawn as markers (not lines): what a rendered chart must show. */
  public int markers() {
    return series.stream().filter(s -> !s.style().equals("line")).mapToInt(s -> s.points().size()).sum();
  }
}
