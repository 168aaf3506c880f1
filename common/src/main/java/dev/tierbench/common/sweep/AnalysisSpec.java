package dev.tierbench.common.sweep;

import java.util.List;

/**
 * A sweep's {@code analysis:} section as written: the objectives its Pareto frontiers use and the
 * recommendations its report answers. Metric names are checked by the coordinator, which knows them, before
 * the run starts; an empty list means "the defaults".
 */
public record AnalysisSpec(List<Written> objectives, List<RecommendSpec> recommend) {

  public static final AnalysisSpec DEFAULT = new AnalysisSpec(List.of(), List.of());

  public AnalysisSpec {
    objectives = List.copyOf(objectives);
    recommend = List.copyOf(recommend);
  }

  /**
   * "Maximise (or minimise) {@code metric} where every constraint holds, on {@code tier}".
   *
   * @param tier null for every tier
   */
  public record RecommendSpec(boolean maximize, Written metric, List<Written> where, Written tier) {
    public RecommendSpec {
      where = List.copyOf(where);
    }
  }
}
