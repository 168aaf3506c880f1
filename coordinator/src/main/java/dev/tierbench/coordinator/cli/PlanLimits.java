package dev.tierbench.coordinator.cli;

import java.util.Optional;

import dev.tierbench.coordinator.plan.PlanPreview;
import picocli.CommandLine.Option;

/** The largest plan a run takes unless told otherwise: a typo in an axis must not start two million tasks. */
final class PlanLimits {

  @Option(names = "--max-tasks", paramLabel = "N", converter = PositiveCount.class,
      description = "Refuse a sweep planning more tasks than this (default: ${DEFAULT-VALUE}).")
  long maxTasks;

  @Option(names = "--max-trained", paramLabel = "N", converter = PositiveCount.class,
      description = "Refuse a sweep training more variants than this (default: ${DEFAULT-VALUE}).")
  long maxTrained;

  Optional<String> refusal(PlanPreview preview) {
    return preview.refusal(maxTasks, maxTrained);
  }
}
