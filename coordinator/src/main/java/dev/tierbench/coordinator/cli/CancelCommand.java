package dev.tierbench.coordinator.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.tierbench.common.cli.ConfigFileOption;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tierbench cancel RUN}: stops a submitted run; what it measured is kept. */
@Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Cancel a submitted run: a queued one never runs; a running one's agents stop within a heartbeat or"
        + " two, and what it measured is kept in its report.")
public final class CancelCommand implements Callable<Integer> {

  @Mixin
  ConfigFileOption configFile;

  @Mixin
  CoordinatorAccess coordinator;

  @Parameters(index = "0", paramLabel = "RUN", converter = RunIdConverter.class,
      description = "The run's id, as submit printed it.")
  String run;

  @Override
  public Integer call() {
    JsonObject answer = coordinator.client().post("/api/runs/" + run + "/cancel", new JsonObject());
    String status = answer.getString("status").toLowerCase(Locale.ROOT);
    String reason = answer.getString("reason", "");
    System.err.println("tierbench: run " + run + (List.of("queued", "preparing", "running").contains(status)
        ? " is being cancelled: its agents stop at their next heartbeat, and what it measured is kept"
        : " is " + status + (reason.isEmpty() ? "" : " (" + reason + ")")));
    return 0;
  }
}
