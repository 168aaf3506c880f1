package dev.tierbench.coordinator.cli;

import static dev.tierbench.common.cli.Await.await;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.tierbench.agent.cli.CacheDirOption;
import dev.tierbench.agent.cli.ClusterOptions;
import dev.tierbench.agent.host.HostInfo;
import dev.tierbench.common.cluster.ClusterNode;
import dev.tierbench.common.cluster.ClusterSettings;
import dev.tierbench.common.cluster.Clusters;
import dev.tierbench.common.metrics.Monitoring;
import dev.tierbench.coordinator.http.HttpTls;
import dev.tierbench.coordinator.trust.StateFolder;
import io.vertx.core.Vertx;
import dev.tierbench.common.cli.ConfigFileOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tierbench coordinator}: a clustered coordinator that remote agents join, optionally running a sweep. */
@Command(name = "coordinator", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run a coordinator; agents link to it with --coordinator https://HOST:PORT and a join token"
        + " (or, with --trusted-cluster true, join its Hazelcast cluster with --cluster HOST:PORT).")
public final class CoordinatorCommand implements Callable<Integer> {

  @Mixin
  ConfigFileOption configFile;

  @Option(names = "--sweep", paramLabel = "FILE", description = "Run this sweep once agents are there.")
  String sweep;

  @Option(names = "--exit-when-done", paramLabel = "true|false", arity = "1",
      description = "Exit when the sweep finishes (default: ${DEFAULT-VALUE}).")
  boolean exitWhenDone;

  @Option(names = "--max-runs", paramLabel = "N", converter = PositiveCount.class,
      description = "How many submitted runs may be prepared or running at once, sharing the agents; the others wait"
          + " in the queue (default: ${DEFAULT-VALUE}).")
  long maxRuns;

  @Option(names = "--trusted-cluster", paramLabel = "true|false", arity = "1",
      description = "Also found a Hazelcast cluster that agents join as lite members with --cluster; its traffic is"
          + " unauthenticated: trusted networks only (default: ${DEFAULT-VALUE}).")
  boolean trustedCluster;

  @Spec
  CommandSpec spec;

  @Mixin
  TrustOptions trust;

  @Mixin
  CoordinatorOptions coordinator;

  @Mixin
  PlanLimits limits;

  @Mixin
  ClusterOptions cluster;

  @Mixin
  CacheDirOption cache;

  @Override
  public Integer call() throws InterruptedException {
    coordinator.check(spec.commandLine());
    SweepExecution execution = sweep.isBlank() ? null : SweepExecution.plan(Path.of(sweep), coordinator, limits, cache.cacheDir());
    ClusterSettings settings = cluster.settings(false);
    Monitoring monitoring = Monitoring.create();
    boolean clustered = trustedCluster || !settings.members().isEmpty();
    ClusterNode member = clustered ? await(Clusters.join(settings, monitoring),
        settings.connectTimeout().plusSeconds(30), "cannot start the cluster on port " + settings.port()) : null;
    Vertx vertx = clustered ? member.vertx() : Clusters.local(monitoring);
    // Nothing listens beyond this machine unless the operator names an address.
    String bindHost = settings.host().isBlank() ? "127.0.0.1" : settings.host();
    String host = settings.host().isBlank() ? "127.0.0.1" : settings.advertisedHost();
    StateFolder state = trust.open(host);
    String id = "coordinator-" + HostInfo.hostname() + "-" + ProcessHandle.current().pid();
    CoordinatorNode node = CoordinatorNode.start(vertx, monitoring, coordinator.settings(id, host, bindHost,
        state.access(), new HttpTls(state.serverChain(), state.serverKey())));
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "tierbench-coordinator-shutdown"));
    String url = "https://" + host + ":" + node.coordinator().httpPort();
    // The operator token stays in its file: this line goes to service logs that others may read.
    node.watchAt(url + "/ (log in with the operator token)");
    System.err.printf("tierbench: coordinator %s up at %s%s; agents join with%n  tierbench agent --coordinator %s"
        + " --join-token-file FILE --tier TIER%nwhere FILE (mode 600) holds the join token in %s (`tierbench token"
        + " show`); the operator token for the API and live page is in %s%n", id, url,
        clustered ? " (trusted cluster at " + member.address() + ")" : "", url,
        state.dir().resolve(StateFolder.JOIN_TOKEN), state.dir().resolve(StateFolder.OPERATOR_TOKEN));
    // Runs submitted to an earlier coordinator on this runs folder resume before new ones are taken.
    QueueWiring.start(node.coordinator(), coordinator.runsDir, cache.cacheDir(), limits::refusal, (int) maxRuns);
    System.err.printf("tierbench: sweeps are submitted with: tierbench submit SWEEP.yaml --coordinator %s"
        + " --token-file FILE (a token from tierbench token user add NAME --role submit)%n", url);
    if (execution == null) {
      Thread.currentThread().join();
      return 0;
    }
    int status = execution.run(node, coordinator);
    if (!exitWhenDone) {
      Thread.currentThread().join();
    }
    return status;
  }
}
