package dev.tierbench.agent.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.agent.Agent;
import dev.tierbench.agent.AgentSettings;
import dev.tierbench.agent.Outbox;
import dev.tierbench.agent.calibrate.Calibrator;
import dev.tierbench.agent.host.HostInfo;
import dev.tierbench.agent.join.Enrolment;
import dev.tierbench.agent.link.Backoff;
import dev.tierbench.agent.link.CoordinatorException;
import dev.tierbench.agent.metrics.AgentMetrics;
import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.agent.runtime.Engines;
import dev.tierbench.common.cli.Cli;
import dev.tierbench.common.cli.KeyValues;
import static dev.tierbench.common.cli.Await.await;
import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.cluster.ClusterSettings;
import dev.tierbench.common.cluster.Clusters;
import dev.tierbench.common.protocol.Calibration;
import dev.tierbench.common.metrics.MetricsServer;
import dev.tierbench.common.metrics.Monitoring;
import dev.tierbench.common.trust.ClientTrust;
import dev.tierbench.common.trust.SecretFile;
import dev.tierbench.common.io.Loopback;
import com.hazelcast.partition.NoDataMemberInClusterException;

import io.vertx.core.Vertx;
import dev.tierbench.common.cli.ConfigFileOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tierbench agent}: joins the cluster and measures what the coordinator hands out, until stopped. */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run an agent: link to the coordinator (or join a trusted cluster), pull tasks for its tier,"
        + " measure them, report back.")
public final class AgentCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(AgentCommand.class);

  @Mixin
  ConfigFileOption configFile;

  @Option(names = "--tier", paramLabel = "TIER", description = "This device's tier (default: ${DEFAULT-VALUE}).")
  String tier;

  @Option(names = "--agent-id", paramLabel = "ID",
      description = "Unique agent id, and the name its credential is issued to (default: the host's name).")
  String agentId;

  @Option(names = "--label", paramLabel = "KEY=VALUE", split = ",", description = "Labels to report (repeatable).")
  List<String> labels;

  @Option(names = "--metrics-port", paramLabel = "PORT|off",
      description = "Port of this agent's Prometheus /metrics; 0 picks a free one, off serves none (default: ${DEFAULT-VALUE}).")
  String metricsPort;

  @Option(names = "--sysfs-root", paramLabel = "DIR",
      description = "Where the machine's sys/ is, for a containerised agent reading its host's (default: ${DEFAULT-VALUE}).")
  java.nio.file.Path sysfsRoot;

  @Option(names = "--rejoin-after", paramLabel = "DURATION",
      description = "Join the cluster again when the coordinator has been unreachable this long (default: ${DEFAULT-VALUE}).")
  Duration rejoinAfter;

  @Option(names = "--coordinator", paramLabel = "URL",
      description = "The coordinator to link to over one outbound connection: https://HOST:PORT, its HTTP port"
          + " (default: ${DEFAULT-VALUE}). With --cluster, where the agent gets its credential for downloads.")
  String coordinator;

  @Option(names = "--join-token-file", paramLabel = "FILE",
      description = "A file holding the join token the coordinator printed; needed until the agent holds a"
          + " credential of its own.")
  String joinTokenFile;

  @Option(names = "--join-token", paramLabel = "TOKEN",
      description = "The join token itself (visible to other users in the process list: prefer --join-token-file).")
  String joinToken;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where the agent keeps its credential (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(names = "--metrics-host", paramLabel = "ADDRESS",
      description = "Address /metrics listens on (default: 127.0.0.1; any other needs --metrics-token-file).")
  String metricsHost;

  @Option(names = "--metrics-token-file", paramLabel = "FILE",
      description = "The scrape token /metrics asks for (the coordinator's scrape-token file); needed when it listens"
          + " beyond loopback.")
  String metricsTokenFile;

  @Mixin
  AgentOptions agent;

  @Mixin
  CacheDirOption cache;

  @Mixin
  ClusterOptions cluster;

  public static void main(String[] args) {
    System.exit(Cli.execute(new AgentCommand(), args));
  }

  @Override
  public Integer call() throws Exception {
    ClusterSettings clusterSettings = cluster.settings(true);
    boolean clustered = !clusterSettings.members().isEmpty();
    URI coordinatorUrl = coordinatorUrl();
    URI dialOut = clustered ? null : coordinatorUrl;
    // This machine's own trouble (a wrong engine library) first: it is told before any network is tried.
    Engines runtime = Engines.start(agent.tfliteLibrary(), cache.cacheDir());
    runtime.missing().forEach(reason -> LOG.warn("{}; models for it fail with this reason", reason));
    LOG.info("engines: {}", runtime.describe());
    // Once per process, before any connection: every registration of this agent reports the same figures.
    Calibration calibration = agent.calibrate() ? Calibrator.run(runtime).orElse(null) : null;
    // A lite member still downloads models and datasets over the coordinator's HTTPS port, with a credential.
    AgentSettings settings = settings(credential(coordinatorUrl), calibration);
    Monitoring monitoring = Monitoring.create();
    AgentMetrics metrics = metrics(monitoring, settings);
    SystemMonitor monitor = SystemMonitor.detect(sysfsRoot, agent.sampleInterval());
    LOG.info("system metrics from: {}", monitor.enabled() ? String.join(", ", monitor.sources()) : "none (sampling off)");
    Outbox outbox = new Outbox();
    AtomicReference<Connection> current = new AtomicReference<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      Connection connection = current.getAndSet(null);
      if (connection != null) {
        stop(connection, settings.shutdownGrace());
      }
      monitor.close();
    }, "tierbench-agent-shutdown"));
    boolean first = true;
    int failures = 0;
    while (true) {
      // A link needs no cluster: a plain Vert.x, and the link waits for the coordinator as it registers.
      Vertx vertx = clustered
          ? joinCoordinator(clusterSettings, monitoring, first && !clusterSettings.connectTimeout().isZero())
          : Clusters.local(monitoring);
      Agent agent = new Agent(settings, runtime, monitor, outbox, metrics, dialOut);
      try {
        await(vertx.deployVerticle(agent), settings.connectTimeout().plusSeconds(10), "agent " + settings.agentId());
      } catch (UserException e) {
        close(vertx);
        // A refused credential or an untrusted server does not heal by trying again.
        if (first || e.getCause() instanceof CoordinatorException c && c.refused()) {
          throw e;
        }
        Duration pause = Backoff.WAITING_FOR_COORDINATOR.after(failures++);
        LOG.warn("agent {}: {}; trying again in {} s", settings.agentId(), e.getMessage(), pause.toSeconds());
        Thread.sleep(pause.toMillis());
        continue;
      }
      first = false;
      failures = 0;
      Connection connection = new Connection(vertx, agent);
      current.set(connection);
      // Returns only when the agent gave up this connection: a stopping agent ends in the shutdown hook.
      String reason = agent.lost().toCompletionStage().toCompletableFuture().join();
      if (!current.compareAndSet(connection, null)) {
        Thread.currentThread().join();
      }
      String again = String.format("agent %s: %s; %s again%s", settings.agentId(), reason,
          clustered ? "joining the cluster" : "linking",
          outbox.size() == 0 ? "" : " (holding " + outbox.size() + " undelivered outcome(s))");
      if (agent.sweepOver() && outbox.size() == 0) {
        LOG.info(again); // the sweep ended and its coordinator with it: nothing is wrong
      } else {
        LOG.warn(again);
      }
      close(vertx);
    }
  }

  /** The coordinator's URL: https://HOST:PORT as given, or HOST:PORT meaning https. */
  private URI coordinatorUrl() {
    String text = coordinator.strip();
    URI url;
    try {
      url = new URI(text.contains("://") ? text : "https://" + text);
    } catch (java.net.URISyntaxException e) {
      throw new UserException("coordinator must be https://HOST:PORT, got '" + coordinator + "'");
    }
    boolean https = "https".equalsIgnoreCase(url.getScheme());
    if (url.getHost() == null || !(https || "http".equalsIgnoreCase(url.getScheme()))) {
      throw new UserException("coordinator must be https://HOST:PORT, got '" + coordinator + "'");
    }
    if (!https && !Loopback.is(url.getHost())) {
      throw new UserException("coordinator " + url + ": plain http only on this machine (127.0.0.1); across a"
          + " network the link is https");
    }
    return url;
  }

  /** The secret in {@code file}, named by its config {@code key} when it cannot be read; blank when no file is given. */
  private static String secret(String file, String key) {
    try {
      return file.isBlank() ? "" : SecretFile.read(Path.of(file));
    } catch (IOException e) {
      throw new UserException(key + ": " + e.getMessage(), e);
    }
  }

  /** This agent's credential: kept from an earlier join, or traded for the join token now. */
  private ClientTrust credential(URI dialOut) {
    String token = joinTokenFile.isBlank() ? joinToken : secret(joinTokenFile, "join-token-file");
    return Enrolment.credential(stateDir, id(), dialOut, token, cluster.connectTimeout());
  }

  /**
   * This agent's id, which is also its credential's name: the coordinator takes messages only for the agent its
   * credential names, so the two are one. The host's name unless given.
   */
  private String id() {
    return agentId.isBlank() ? HostInfo.hostname() : agentId;
  }

  /** One cluster connection and the agent deployed on it. */
  private record Connection(Vertx vertx, Agent agent) {}

  private static void close(Vertx vertx) {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
        .exceptionally(e -> null).join();
  }

  /**
   * Joins the cluster, waiting up to the connect timeout for a coordinator: an agent may well start before it.
   * A lite member alone has no data member to hold the event bus's subscriptions, so joining fails until a
   * coordinator is up.
   */
  private static Vertx joinCoordinator(ClusterSettings settings, Monitoring monitoring, boolean bounded)
      throws InterruptedException {
    long deadline = bounded ? System.nanoTime() + settings.connectTimeout().toNanos() : Long.MAX_VALUE;
    int tries = 0;
    while (true) {
      try {
        return await(Clusters.join(settings, monitoring), settings.connectTimeout().plusSeconds(30),
            "cannot join the cluster at " + String.join(",", settings.members())).vertx();
      } catch (UserException e) {
        if (!(e.getCause() instanceof NoDataMemberInClusterException)) {
          throw e;
        }
        if (System.nanoTime() - deadline > 0) {
          throw new UserException("no coordinator reachable at " + String.join(",", settings.members()) + " within "
              + settings.connectTimeout().toSeconds() + " s: is the coordinator running, and is --cluster its"
              + " Hazelcast address (host:cluster-port)?");
        }
        Duration wait = Backoff.WAITING_FOR_COORDINATOR.after(tries);
        // Said once; a fleet waiting for its next coordinator then waits quietly.
        if (tries++ == 0) {
          LOG.info("no coordinator at {} yet; trying again with growing pauses up to {} s{}",
              String.join(",", settings.members()), Backoff.WAITING_FOR_COORDINATOR.max().toSeconds(), bounded
                  ? " (giving up "
                  + settings.connectTimeout().toSeconds() + " s after the first try)" : "");
        } else {
          LOG.debug("no coordinator at {} yet; trying again in {} s", String.join(",", settings.members()),
              wait.toSeconds());
        }
        Thread.sleep(wait.toMillis());
      }
    }
  }

  private static void stop(Connection connection, Duration grace) {
    Agent agent = connection.agent();
    LOG.info("agent {} received a stop signal", agent.info().agentId());
    try {
      agent.shutdown(grace).toCompletionStage().toCompletableFuture()
          .get(grace.plusSeconds(15).toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("agent {} did not stop cleanly: {}", agent.info().agentId(), e.toString());
    }
    close(connection.vertx());
  }

  /**
   * Serves the agent's metrics on --metrics-port for the whole life of the process (cluster connections come
   * and go); the coordinator learns the address when the agent registers.
   */
  private AgentMetrics metrics(Monitoring monitoring, AgentSettings settings) {
    if (metricsPort.equalsIgnoreCase("off")) {
      return new AgentMetrics(monitoring.registry(), settings.tier(), settings.agentId(), "");
    }
    int port;
    try {
      port = Integer.parseInt(metricsPort.strip());
    } catch (NumberFormatException e) {
      throw new UserException("metrics-port must be a port number or 'off', got '" + metricsPort + "'");
    }
    // Loopback unless asked: the figures are measurements, and beyond loopback they need the scrape token.
    String host = metricsHost.isBlank() ? "127.0.0.1" : metricsHost;
    MetricsServer server = MetricsServer.start(monitoring, host, port, "--metrics-port",
        secret(metricsTokenFile, "metrics-token-file"));
    LOG.info("agent {} serves Prometheus metrics on http://{}:{}/metrics", settings.agentId(), host, server.port());
    return new AgentMetrics(monitoring.registry(), settings.tier(), settings.agentId(), host + ":" + server.port());
  }

  AgentSettings settings(ClientTrust trust, Calibration calibration) {
    // The board's own description comes first; a label the user sets wins.
    java.util.Map<String, String> all = new java.util.LinkedHashMap<>(
        dev.tierbench.agent.host.Board.read(sysfsRoot).labels());
    all.putAll(KeyValues.parse(labels, "label"));
    return new AgentSettings(id(), tier, all, cache.cacheDir(), agent.deviceLock(),
        cluster.connectTimeout(), agent.shutdownGrace(), rejoinAfter, trust, calibration);
  }
}
