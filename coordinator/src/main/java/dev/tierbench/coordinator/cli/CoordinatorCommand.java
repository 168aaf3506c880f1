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
import dev.tierbench.common.cli.ConfigFileOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tierbench coordinator}: a clustered coordinator that remote agents join, optionally running a sweep. */
@Command(name = "coordinator", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run a clustered coordinator; agents join it with --cluster HOST:PORT.")
public final class CoordinatorCommand implements Callable<Integer> {

  @Mixin
  ConfigFileOption configFile;

  @Option(names = "--sweep", paramLabel = "FILE", description = "Run this sweep once agents are there.")
  String sweep;

  @Option(names = "--exit-when-done", paramLabel = "true|false", arity = "1",
      description = "Exit when the sweep finishes (default: ${DEFAULT-VALUE}).")
  boolean exitWhenDone;

  @Spec
  CommandSpec spec;

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
    ClusterNode member = await(Clusters.join(settings, monitoring), settings.connectTimeout().plusSeconds(30),
        "cannot start the cluster on port " + settings.port());
    String id = "coordinator-" + HostInfo.hostname() + "-" + ProcessHandle.current().pid();
    CoordinatorNode node = CoordinatorNode.start(member.vertx(), monitoring, coordinator.settings(id, settings.advertisedHost(), settings.host()));
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "tierbench-coordinator-shutdown"));
    System.err.printf("tierbench: coordinator %s up; agents join with --cluster %s; status at http://%s:%d/api/status%n",
        id, member.address(), settings.advertisedHost(), node.coordinator().httpPort());
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
