package dev.tierbench.coordinator.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.tierbench.common.model.ModelSummary;
import dev.tierbench.coordinator.store.StoredResult;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.store.StoredTrial;

/**
 * What every report says about a run before any figure: which run, how it was measured (settings, engine and
 * versions, conventions), on what hardware, and how complete it is.
 */
public final class RunDescription {

  private RunDescription() {}

  public static Map<String, Object> of(StoredRun run) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", run.runId());
    d.put("sweep", run.sweepName());
    d.put("sweepFile", run.sweepFile());
    d.put("createdAt", run.createdAt().toString());
    d.put("generatedAt", Instant.now().toString());
    d.put("protocolVersion", run.protocolVersion());
    d.put("tiers", run.tiers());
    d.put("repetitions", run.repetitions());
    d.put("trials", run.trials().size());
    d.put("tasks", run.tasks().size());
    d.put("measured", run.results().size());
    d.put("failed", run.failedTasks());
    d.put("unfinished", run.unfinishedTasks());
    d.put("complete", run.unfinishedTasks() == 0);
    d.put("queries", run.results().stream().mapToLong(r -> r.measurement().queries()).sum());
    d.put("measuredSeconds", run.results().stream().mapToLong(r -> r.measurement().durationNanos()).sum() / 1e9);
    d.put("measurement", measurement(run.trials()));
    d.put("runtimes", new TreeSet<>(run.results().stream().map(r -> r.measurement().runtime()).toList()));
    d.put("agents", run.agents());
    d.put("notMeasured", run.exclusions().stream().map(e -> e.describe()).toList());
    d.put("convention", ReportFiles.CONVENTION);
    d.put("flopsConvention", ModelSummary.CONVENTION);
    return d;
  }

  /** The measurement settings every trial shares (the sweep's), without the per-trial axes and model. */
  private static Map<String, String> measurement(List<StoredTrial> trials) {
    if (trials.isEmpty()) {
      return Map.of();
    }
    Map<String, String> settings = new LinkedHashMap<>(trials.get(0).settings());
    settings.keySet().removeAll(List.of("model", "batch", "threads", "xnnpack", "cpus", "scenario", "rate", "engine",
        "optimization", "provider"));
    settings.entrySet().removeIf(e -> trials.stream().anyMatch(t -> !e.getValue().equals(t.settings().get(e.getKey()))));
    return settings;
  }
}
