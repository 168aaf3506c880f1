package dev.tierbench.coordinator.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.tierbench.common.cli.ConfigFileOption;
import dev.tierbench.coordinator.run.RunProgress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tierbench wait RUN}: follows a submitted run until it ends, showing its progress, and exits as {@code run}
 * would have: 0 when every task was measured, 4 when some failed; 1 when the run failed or was cancelled.
 */
@Command(name = "wait", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Follow a submitted run until it ends; exit 0 if every task was measured, 4 if some failed, 1 if the"
        + " run failed or was cancelled.")
public final class WaitCommand implements Callable<Integer> {

  @Mixin
  ConfigFileOption configFile;

  @Mixin
  CoordinatorAccess coordinator;

  @Parameters(index = "0", paramLabel = "RUN", converter = RunIdConverter.class,
      description = "The run's id, as submit printed it.")
  String run;

  @Option(names = "--progress", paramLabel = "auto|always|never", converter = ProgressMode.Converter.class,
      description = "Show a progress bar while it runs: auto shows it on a terminal (default: ${DEFAULT-VALUE}).")
  ProgressMode progress;

  @Option(names = "--poll-interval", paramLabel = "DURATION",
      description = "How often to ask the coordinator (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Override
  public Integer call() throws InterruptedException {
    CoordinatorClient client = coordinator.client();
    ProgressBar bar = ProgressBar.create(progress, System.err);
    String shown = "";
    while (true) {
      JsonObject queued = client.getObject("/api/queue/" + run);
      String status = queued.getString("status");
      // How its preparation goes (training, say) while it is prepared; null otherwise.
      String preparation = Objects.requireNonNullElse(queued.getString("preparation"), "");
      String now = status + preparation;
      if (!now.equals(shown)) {
        System.err.println("tierbench: run " + run + " is " + status.toLowerCase(Locale.ROOT)
            + (preparation.isEmpty() ? "" : ": " + preparation));
        shown = now;
      }
      if (status.equals("RUNNING") && bar != null) {
        progress(client.getObject("/api/status").getJsonArray("runs")).ifPresent(bar::changed);
      }
      if (!status.equals("QUEUED") && !status.equals("PREPARING") && !status.equals("RUNNING")) {
        String reason = queued.getString("reason", "");
        System.out.println(run + " " + status.toLowerCase(Locale.ROOT) + (reason.isEmpty() ? "" : ": " + reason));
        System.out.println("report: " + client.base() + "/api/runs/" + run + "/report.html  (tierbench report " + run
            + " --coordinator " + client.base() + " fetches it)");
        return switch (status) {
          case "DONE" -> reason.isEmpty() ? 0 : SweepExecution.SOME_TASKS_FAILED;
          default -> 1;
        };
      }
      Thread.sleep(pollInterval.toMillis());
    }
  }

  /** This run's entry in the status document's runs in progress, as the progress bar takes it. */
  private Optional<RunProgress> progress(JsonArray runs) {
    for (int i = 0; i < runs.size(); i++) {
      JsonObject r = runs.getJsonObject(i);
      if (r.getString("id").equals(run)) {
        return Optional.of(new RunProgress(run, r.getInteger("tasks"), r.getInteger("done"),
            r.getInteger("failed"), r.getInteger("skipped", 0), r.getInteger("leased"), r.getInteger("queued"), 0, r.getString("lastEvent")));
      }
    }
    return Optional.empty();
  }
}
