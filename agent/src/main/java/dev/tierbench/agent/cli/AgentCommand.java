package dev.tierbench.agent.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.agent.Agent;
import dev.tierbench.agent.AgentSettings;
import dev.tierbench.agent.host.HostInfo;
import dev.tierbench.agent.runtime.TfliteRuntime;
import dev.tierbench.common.cli.Cli;
import static dev.tierbench.common.cli.Await.await;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.cluster.ClusterSettings;
import dev.tierbench.common.cluster.Clusters;
import com.hazelcast.partition.NoDataMemberInClusterException;

import io.vertx.core.Vertx;
import dev.tierbench.common.cli.ConfigFileOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tierbench agent}: joins the cluster and measures what the coordinator hands out, until stopped. */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run an agent: join the cluster, pull tasks for its tier, measure them, report back.")
public final class AgentCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

  @Mixin
  ConfigFileOption configFile;

  @Option(names = "--tier", paramLabel = "TIER", description = "This device's tier (default: ${DEFAULT-VALUE}).")
  String tier;

  @Option(names = "--agent-id", paramLabel = "ID", description = "Unique agent id (default: HOSTNAME-PID).")
  String agentId;

  @Option(names = "--label", paramLabel = "KEY=VALUE", split = ",", description = "Labels to report (repeatable).")
  List<String> labels;

  @Mixin
  AgentOptions agent;

  @Mixin
  ClusterOptions cluster;

  public static void main(String[] args) {
    System.exit(Cli.execute(new AgentCommand(), args));
  }

  @Override
  public Integer call() throws Exception {
    ClusterSettings clusterSettings = cluster.settings(true);
    if (clusterSettings.members().isEmpty()) {
      throw new UserException("an agent needs --cluster HOST:PORT (the coordinator's cluster address) or"
          + " --cluster multicast");
    }
    AgentSettings settings = settings();
    TfliteRuntime runtime = TfliteRuntime.start();
    Vertx vertx = joinCoordinator(clusterSettings);
    Agent agent = new Agent(settings, runtime);
    try {
      await(vertx.deployVerticle(agent), settings.connectTimeout().plusSeconds(10), "agent " + settings.agentId());
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(vertx, agent, settings.shutdownGrace()),
        "tierbench-agent-shutdown"));
    Thread.currentThread().join();
    return 0;
  }

  /**
   * Joins the cluster, waiting up to the connect timeout for a coordinator: an agent may well start before it.
   * A lite member alone has no data member to hold the event bus's subscriptions, so joining fails until a
   * coordinator is up.
   */
  private static Vertx joinCoordinator(ClusterSettings settings) throws InterruptedException {
    long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
    boolean told = false;
    while (true) {
      try {
        return await(Clusters.join(settings), settings.connectTimeout().plusSeconds(30),
            "cannot join the cluster at " + String.join(",", settings.members())).vertx();
      } catch (UserException e) {
        if (!(e.getCause() instanceof NoDataMemberInClusterException)) {
          throw e;
        }
        if (System.nanoTime() > deadline) {
          throw new UserException("no coordinator reachable at " + String.join(",", settings.members()) + " within "
              + settings.connectTimeout().toSeconds() + " s: is the coordinator running, and is --cluster its"
              + " Hazelcast address (host:cluster-port)?");
        }
        if (!told) {
          LOG.info("waiting for a coordinator at {} (up to {} s)", String.join(",", settings.members()),
              settings.connectTimeout().toSeconds());
          told = true;
        }
        Thread.sleep(1_000);
      }
    }
  }

  private static void stop(Vertx vertx, Agent agent, Duration grace) {
    LOG.info("agent {} received a stop signal", agent.info().agentId());
    try {
      agent.shutdown(grace).toCompletionStage().toCompletableFuture()
          .get(grace.plusSeconds(15).toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("agent {} did not stop cleanly: {}", agent.info().agentId(), e.toString());
    }
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null)
        .join();
  }

  AgentSettings settings() {
    String id = agentId.isBlank() ? HostInfo.hostname() + "-" + ProcessHandle.current().pid() : agentId;
    return new AgentSettings(id, tier, parseLabels(labels), agent.cacheDir(), agent.deviceLock(),
        cluster.connectTimeout(), agent.shutdownGrace());
  }

  static Map<String, String> parseLabels(List<String> labels) {
    Map<String, String> parsed = new TreeMap<>();
    for (String label : labels) {
      if (label.isBlank()) {
        continue;
      }
      int eq = label.indexOf('=');
      if (eq < 1) {
        throw new UserException("label '" + label + "' must be KEY=VALUE");
      }
      parsed.put(label.substring(0, eq).trim(), label.substring(eq + 1).trim());
    }
    return parsed;
  }
}
