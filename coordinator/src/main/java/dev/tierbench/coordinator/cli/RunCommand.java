package dev.tierbench.coordinator.cli;

import static dev.tierbench.common.cli.Await.await;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.tierbench.agent.cli.AgentOptions;
import dev.tierbench.agent.cli.CacheDirOption;
import dev.tierbench.agent.cli.ClusterOptions;
import dev.tierbench.common.cluster.ClusterNode;
import dev.tierbench.common.cluster.ClusterSettings;
import dev.tierbench.common.cluster.Clusters;
import dev.tierbench.common.metrics.Monitoring;
import io.vertx.core.Vertx;
import dev.tierbench.common.cli.ConfigFileOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import dev.tierbench.common.io.Loopback;
import dev.tierbench.common.trust.ClientTrust;
import dev.tierbench.coordinator.http.HttpTls;
import dev.tierbench.coordinator.trust.StateFolder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tierbench run SWEEP}: a coordinator with in-process agents, one process, no setup. With
 * {@code --cluster} the coordinator joins (or founds) a cluster and remote agents take part too.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run a sweep: embedded coordinator and local agents by default, or across a cluster.")
public final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SWEEP", description = "The sweep file (YAML).")
  Path sweepFile;

  @Mixin
  ConfigFileOption configFile;

  /** In-process agents take turns on this one device: more than a few only wait. */
  private static final int MAX_AGENTS = 64;

  @Option(names = "--agents", paramLabel = "N",
      description = "In-process agents per tier of the sweep; they take turns on this device (default: ${DEFAULT-VALUE}).")
  int agents;

  @Option(names = "--verbose", arity = "0..1",
      description = "Log every lease and measurement, not just problems (default: ${DEFAULT-VALUE}).")
  boolean verbose;

  @Spec
  CommandSpec spec;

  @Mixin
  CoordinatorOptions coordinator;

  @Mixin
  PlanLimits limits;

  @Mixin
  AgentOptions agent;

  @Mixin
  CacheDirOption cache;

  @Mixin
  ClusterOptions cluster;

  @Mixin
  TrustOptions trust;

  @Override
  public Integer call() {
    coordinator.check(spec.commandLine());
    if (agents < 1 || agents > MAX_AGENTS) {
      throw new CommandLine.ParameterException(spec.commandLine(), "agents must be from 1 to " + MAX_AGENTS
          + " in-process agents per tier, got " + agents);
    }
    if (!verbose) {
      // The progress bar and the final table are the embedded run's output; routine log lines would bury them.
      System.setProperty("org.slf4j.simpleLogger.log.dev.tierbench", "warn");
    }
    SweepExecution execution = SweepExecution.plan(sweepFile, coordinator, limits, cache.cacheDir());
    boolean clustered = !cluster.members().isBlank();
    Monitoring monitoring = Monitoring.create();
    Vertx vertx;
    String advertisedHost;
    String bindHost;
    if (clustered) {
      ClusterSettings settings = cluster.settings(false);
      ClusterNode node = await(Clusters.join(settings, monitoring), settings.connectTimeout().plusSeconds(30),
          "cannot join the cluster at " + cluster.members());
      vertx = node.vertx();
      advertisedHost = settings.advertisedHost();
      bindHost = settings.host();
      System.err.println("tierbench: in the cluster as " + node.address() + "; agents join with --cluster "
          + node.address());
    } else {
      vertx = Clusters.local(monitoring);
      // Only its own in-process agents fetch models: nothing beyond this machine needs to reach it.
      advertisedHost = "127.0.0.1";
      bindHost = "127.0.0.1";
    }
    StateFolder state = trust.open(advertisedHost);
    // TLS wherever the page and the models are served beyond this machine.
    HttpTls tls = Loopback.is(bindHost) ? null : new HttpTls(state.serverChain(), state.serverKey());
    try (CoordinatorNode node = CoordinatorNode.start(vertx, monitoring, coordinator.settings("run-" + ProcessHandle.current().pid(),
        advertisedHost, bindHost, state.access(), tls))) {
      ClientTrust operator = OperatorTrust.read(state.dir());
      node.startLocalAgents(execution.plan().sweep().tiers(), agents, cache.cacheDir(), agent.deviceLock(),
          agent.shutdownGrace(), agent.sampleInterval(), agent.tfliteLibrary(), agent.calibrate(), operator);
      // As Jupyter does: the person who started the run opens the page logged in; the link is theirs alone.
      node.watchAt((tls == null ? "http" : "https") + "://" + advertisedHost + ":" + node.coordinator().httpPort()
          + "/?token=" + operator.bearer());
      return execution.run(node, coordinator);
    }
  }
}
