package dev.tierbench.coordinator.recommend;

import java.util.List;

/**
 * The answer to a {@link Query}. With a feasible variant: {@code best}, and when there is one the
 * {@code runnerUp} with {@code why} it lost and the share of draws in which the best is ahead of it; with none:
 * {@code best} and {@code runnerUp} are null and {@code closest} is the variant nearest to meeting the
 * constraints. {@code betterButExcluded} names variants that would win were it not for a constraint, so the
 * price of each constraint shows.
 */
public record Recommendation(
    String query,
    String answer,
    int considered,
    int feasible,
    Candidate best,
    Candidate runnerUp,
    String why,
    double bestAheadShare,
    List<Candidate> betterButExcluded,
    Candidate closest,
    List<String> notConsidered) {

  public Recommendation {
    betterButExcluded = List.copyOf(betterButExcluded);
    notConsidered = List.copyOf(notConsidered);
  }

  public boolean found() {
    return best != null;
  }
}
