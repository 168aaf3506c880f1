package dev.tierbench.agent.cli;

import java.time.Duration;

import dev.tierbench.common.cluster.ClusterSettings;
import picocli.CommandLine.Option;

/** The cluster flags shared by every clustered command (agent, coordinator, run against a cluster). */
public final class ClusterOptions {

  @Option(names = "--cluster", paramLabel = "HOST:PORT,...",
      description = "Members to join by TCP-IP (the coordinator's Hazelcast address), 'multicast', or"
          + " 'kubernetes:SERVICE_DNS' (the members a headless Service resolves to).")
  String cluster;

  @Option(names = "--cluster-host", paramLabel = "ADDRESS",
      description = "Address to listen on and advertise: the coordinator's HTTPS port and agent links, the cluster"
          + " (default: 127.0.0.1 for a coordinator's HTTPS port; a cluster member must name one).")
  String clusterHost;

  @Option(names = "--cluster-port", paramLabel = "PORT", description = "First Hazelcast port to try (default: ${DEFAULT-VALUE}).")
  int clusterPort;

  @Option(names = "--cluster-name", paramLabel = "NAME", description = "Cluster name; separates fleets on one network.")
  String clusterName;

  @Option(names = "--cluster-public-address", paramLabel = "HOST:PORT",
      description = "Where other members reach this one's cluster port, when not at the bound address (NAT, port"
          + " forward, relay).")
  String clusterPublicAddress;

  @Option(names = "--eventbus-port", paramLabel = "PORT",
      description = "Event bus port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int eventbusPort;

  @Option(names = "--eventbus-public-address", paramLabel = "HOST:PORT",
      description = "Where other members reach this one's event bus, when not at the bound address.")
  String eventbusPublicAddress;

  @Option(names = "--connect-timeout", paramLabel = "DURATION",
      description = "How long to keep trying to reach the cluster at first; 0 keeps trying (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  public String members() {
    return cluster;
  }

  public String host() {
    return clusterHost;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public ClusterSettings settings(boolean lite) {
    return new ClusterSettings(ClusterSettings.parseMembers(cluster), clusterHost, clusterPort, clusterName, lite,
        connectTimeout, clusterPublicAddress, eventbusPort, eventbusPublicAddress);
  }
}
