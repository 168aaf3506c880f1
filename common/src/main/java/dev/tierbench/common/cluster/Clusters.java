package dev.tierbench.common.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.metrics.Monitoring;
import dev.tierbench.common.protocol.KryoMessageCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Starts Vert.x, clustered over Hazelcast or local, with tierbench's codec installed on its event bus. */
public final class Clusters {

  private Clusters() {}

  /** A Vert.x whose event bus stays inside this process (the embedded default), without metrics. */
  public static Vertx local() {
    return local(null);
  }

  /** The same, reporting its event bus and HTTP metrics to {@code monitoring} (null: none). */
  public static Vertx local(Monitoring monitoring) {
    Vertx vertx = builder(new VertxOptions().setPreferNativeTransport(false), monitoring).build();
    KryoMessageCodec.install(vertx.eventBus());
    return vertx;
  }

  /** A Vert.x that joins (or founds) the cluster described by {@code settings}, without metrics. */
  public static Future<ClusterNode> join(ClusterSettings settings) {
    return join(settings, null);
  }

  /** The same, reporting its event bus and HTTP metrics to {@code monitoring} (null: none). */
  public static Future<ClusterNode> join(ClusterSettings settings, Monitoring monitoring) {
    if (settings.host().isBlank()) {
      // Left to choose, Hazelcast and the event bus listen on every interface: unauthenticated member traffic
      // open to whoever reaches this machine.
      return Future.failedFuture(new UserException("a cluster member needs --cluster-host ADDRESS: the address"
          + " of this machine that the other members reach, and the only one its cluster ports listen on"));
    }
    EventBusOptions bus = new EventBusOptions().setPort(settings.busPort()).setHost(settings.host())
        .setClusterPublicHost(settings.host());
    if (settings.busPublicHost() != null) {
      bus.setClusterPublicHost(settings.busPublicHost()).setClusterPublicPort(settings.busPublicPort());
    }
    VertxOptions options = new VertxOptions().setEventBusOptions(bus);
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(settings));
    return builder(options, monitoring)
        .withClusterManager(manager)
        .buildClustered()
        .recover(e -> Future.failedFuture(portInUse(e) ? new UserException("cluster port " + settings.port()
            + " is in use on this host (another tierbench coordinator, or another program, listens there): stop it,"
            + " or give this one its own --cluster-port") : e))
        .map(vertx -> {
          KryoMessageCodec.install(vertx.eventBus());
          var address = manager.getHazelcastInstance().getCluster().getLocalMember().getAddress();
          return new ClusterNode(vertx, address.getHost() + ":" + address.getPort());
        });
  }

  private static boolean portInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return true;
      }
    }
    return false;
  }

  private static VertxBuilder builder(VertxOptions options, Monitoring monitoring) {
    if (monitoring == null) {
      return Vertx.builder().with(options);
    }
    return Vertx.builder().with(options.setMetricsOptions(monitoring.vertxOptions()))
        .withMetrics(monitoring.vertxMetrics());
  }

  static Config hazelcast(ClusterSettings settings) {
    // Vert.x's default-cluster.xml, written out: parsing it loaded the JDK's XML stack, some 550 classes, into
    // every agent (issue 14).
    Config config = new Config();
    config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
        .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
    config.setClusterName(settings.name());
    config.setLiteMember(settings.lite());
    // Hazelcast waits 5 s before joining by default; a second is plenty on any network tierbench targets.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // tierbench stops Hazelcast itself, after handing back work: Hazelcast must not race it on SIGTERM.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    // Members separated from the cluster (a restarted coordinator, a healed partition) merge back within
    // seconds instead of Hazelcast's default minutes.
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    NetworkConfig network = config.getNetworkConfig();
    // Agents (lite members) may share a host and take the next free port; the coordinator's port is the address
    // agents are configured with, so it binds that port or fails saying so.
    network.setPort(settings.port()).setPortAutoIncrement(settings.lite()).setPortCount(100);
    config.setProperty("hazelcast.local.localAddress", settings.host());
    // Hazelcast otherwise listens on every interface whatever its local address: a member listens on the address
    // the operator names, as every other listener does. The server socket only: bound, a member's outgoing
    // connections would start from its public address, which behind a relay or NAT is not this machine's.
    config.setProperty("hazelcast.socket.server.bind.any", "false");
    network.setPublicAddress(settings.host());
    if (!settings.publicAddress().isBlank()) {
      network.setPublicAddress(settings.publicAddress());
    }
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(settings.multicast());
    if (settings.kubernetesService() != null) {
      // DNS lookup of a headless Service: no Kubernetes API access (and so no RBAC) needed.
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", settings.kubernetesService())
          .setProperty("service-port", Integer.toString(settings.port()));
    } else if (!settings.multicast()) {
      int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.connectTimeout().toSeconds()));
      join.getTcpIpConfig().setEnabled(true).setMembers(settings.members()).setConnectionTimeoutSeconds(seconds);
    }
    return config;
  }
}
