package dev.tierbench.coordinator.cli;

import java.util.Locale;
import java.util.concurrent.Callable;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import dev.tierbench.common.cli.ConfigFileOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tierbench status}: the coordinator's agents, queues and run progress. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Show a coordinator's agents, queues per tier and run progress.")
public final class StatusCommand implements Callable<Integer> {

  @Mixin
  ConfigFileOption configFile;

  @Mixin
  CoordinatorAccess coordinator;

  @Option(names = "--json", arity = "0..1", description = "Print the status document as JSON.")
  boolean json;

  @Override
  public Integer call() {
    JsonObject status = coordinator.client().getObject("/api/status");
    if (json) {
      System.out.println(status.encodePrettily());
      return 0;
    }
    System.out.println("coordinator " + status.getString("coordinator") + " (protocol v"
        + status.getInteger("protocolVersion") + ")");
    JsonArray runs = status.getJsonArray("runs");
    if (runs.isEmpty()) {
      System.out.println("no run in progress");
    }
    for (int r = 0; r < runs.size(); r++) {
      JsonObject run = runs.getJsonObject(r);
      System.out.printf(Locale.ROOT, "run %s (sweep %s): %d/%d done, %d failed, %d running, %d queued; %s%n",
          run.getString("id"), run.getString("sweep"), run.getInteger("done"), run.getInteger("tasks"),
          run.getInteger("failed"), run.getInteger("leased"), run.getInteger("queued"), run.getString("lastEvent"));
      JsonObject tiers = run.getJsonObject("tiers");
      for (String tier : tiers.fieldNames()) {
        JsonObject t = tiers.getJsonObject(tier);
        long lost = t.getLong("lostAgents", 0L);
        System.out.printf(Locale.ROOT, "  tier %-10s agents %d%s  queued %d  leased %d  done %d  failed %d%n", tier,
            t.getLong("agents"), lost == 0 ? "" : " (" + lost + " lost)", t.getInteger("queued"),
            t.getInteger("leased"), t.getInteger("done"), t.getInteger("failed"));
      }
    }
    JsonArray agents = status.getJsonArray("agents");
    System.out.println(agents.size() + " agent(s)");
    for (int i = 0; i < agents.size(); i++) {
      JsonObject a = agents.getJsonObject(i);
      System.out.printf(Locale.ROOT, "  %-24s tier %-8s %-5s host %s (%s, %d cores)%s%n", a.getString("id"),
          a.getString("tier"), a.getString("state"), a.getString("hostname"), a.getString("arch"),
          a.getInteger("cores"), a.getString("task") == null ? "" : "  task " + a.getString("task"));
    }
    return 0;
  }

}
