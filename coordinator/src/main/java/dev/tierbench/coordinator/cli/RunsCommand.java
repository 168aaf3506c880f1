package dev.tierbench.coordinator.cli;

import java.util.Locale;
import java.util.concurrent.Callable;

import dev.tierbench.common.cli.ConfigFileOption;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tierbench runs}: the runs submitted to a coordinator, queued, running and ended. */
@Command(name = "runs", mixinStandardHelpOptions = true, sortOptions = false,
    description = "List the runs submitted to a coordinator: queued, preparing, running, done, failed, cancelled.")
public final class RunsCommand implements Callable<Integer> {

  @Mixin
  ConfigFileOption configFile;

  @Mixin
  CoordinatorAccess coordinator;

  @Option(names = "--json", arity = "0..1", description = "Print the list as JSON.")
  boolean json;

  @Override
  public Integer call() {
    JsonArray runs = coordinator.client().getArray("/api/queue");
    if (json) {
      System.out.println(runs.encodePrettily());
      return 0;
    }
    if (runs.isEmpty()) {
      System.out.println("no run submitted");
    }
    System.out.printf(Locale.ROOT, "%-28s %-10s %-16s %8s  %-20s %s%n", "run", "status", "submitter", "priority",
        "submitted", "");
    for (int i = 0; i < runs.size(); i++) {
      JsonObject run = runs.getJsonObject(i);
      System.out.printf(Locale.ROOT, "%-28s %-10s %-16s %8d  %-20s %s%n", run.getString("id"),
          run.getString("status").toLowerCase(Locale.ROOT), run.getString("submitter"), run.getInteger("priority"),
          run.getString("submittedAt").replace('T', ' ').replaceAll("\\.\\d+Z$|Z$", ""), run.getString("reason"));
    }
    return 0;
  }
}
