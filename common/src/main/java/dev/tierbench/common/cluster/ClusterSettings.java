package dev.tierbench.common.cluster;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How a process joins the tierbench cluster.
 *
 * @param members {@code host:port} of members to join by TCP-IP, or the single word {@code multicast}
 * @param host the address to bind and advertise; blank is refused when joining (see {@link Clusters#join})
 * @param port the first Hazelcast port to try (later ones are tried when it is taken)
 * @param lite true for agents: a Hazelcast lite member holds no data, so agents can come and go freely
 * @param connectTimeout how long to keep trying to reach the members before giving up
 * @param publicAddress {@code host:port} other members reach this one's Hazelcast port at, when that is not
 *     {@code host} and the bound port (behind NAT, a port forward, or a relay that shapes the link); blank: those
 * @param busPort the event bus's port; 0 picks a free one
 * @param busPublicAddress {@code host:port} other members reach this one's event bus at, likewise; blank: the
 *     bound ones
 */
public record ClusterSettings(List<String> members, String host, int port, String name, boolean lite,
    Duration connectTimeout, String publicAddress, int busPort, String busPublicAddress) {

  public static final String MULTICAST = "multicast";
  /** {@code kubernetes:SERVICE_DNS}: members are the addresses a headless Service's DNS name resolves to. */
  public static final String KUBERNETES = "kubernetes:";

  /** Reached where it is bound: no public addresses, any free event bus port. */
  public ClusterSettings(List<String> members, String host, int port, String name, boolean lite,
      Duration connectTimeout) {
    this(members, host, port, name, lite, connectTimeout, "", 0, "");
  }

  public ClusterSettings {
    members = List.copyOf(members);
    publicAddress = publicAddress == null ? "" : publicAddress.strip();
    busPublicAddress = busPublicAddress == null ? "" : busPublicAddress.strip();
    if (!validPort(port)) {
      throw new IllegalArgumentException("cluster-port must be a port number, got " + port);
    }
    if (busPort != 0 && !validPort(busPort)) {
      throw new IllegalArgumentException("eventbus-port must be a port number, or 0 for any, got " + busPort);
    }
    hostAndPort(publicAddress, "cluster-public-address");
    hostAndPort(busPublicAddress, "eventbus-public-address");
    for (String member : members) {
      if (member.equals(MULTICAST) || member.startsWith(KUBERNETES)) {
        if (members.size() > 1) {
          throw new IllegalArgumentException("cluster '" + member + "' cannot be combined with member addresses");
        }
        if (member.equals(KUBERNETES)) {
          throw new IllegalArgumentException("cluster 'kubernetes:' needs the headless Service's DNS name, e.g."
              + " kubernetes:tierbench-cluster.tierbench.svc.cluster.local");
        }
        continue;
      }
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("[^:\\s]+(?::(\\d{1,5}))?").matcher(member);
      if (!m.matches() || (m.group(1) != null && !validPort(Integer.parseInt(m.group(1))))) {
        throw new IllegalArgumentException("cluster member '" + member + "' is not host or host:port"
            + " (port 1-65535)");
      }
    }
  }

  /** {@code HOST:PORT} split, or null for blank. */
  private static String[] hostAndPort(String address, String key) {
    if (address.isBlank()) {
      return null;
    }
    int colon = address.lastIndexOf(':');
    String port = colon < 0 ? "" : address.substring(colon + 1);
    if (colon <= 0 || !port.matches("\\d{1,5}") || !validPort(Integer.parseInt(port))) {
      throw new IllegalArgumentException(key + " must be HOST:PORT (port 1-65535), got '" + address + "'");
    }
    return new String[] {address.substring(0, colon), port};
  }

  /** The event bus's public host, or null when it is the bound one. */
  public String busPublicHost() {
    String[] parts = hostAndPort(busPublicAddress, "eventbus-public-address");
    return parts == null ? null : parts[0];
  }

  /** The event bus's public port, or 0 when it is the bound one. */
  public int busPublicPort() {
    String[] parts = hostAndPort(busPublicAddress, "eventbus-public-address");
    return parts == null ? 0 : Integer.parseInt(parts[1]);
  }

  private static boolean validPort(int port) {
    return port >= 1 && port <= 65_535;
  }

  /** Parses the {@code cluster} key: comma-separated {@code host:port} members, or {@code multicast}. */
  public static List<String> parseMembers(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> s.equalsIgnoreCase(MULTICAST) ? MULTICAST : s).toList();
  }

  public boolean multicast() {
    return members.contains(MULTICAST);
  }

  /** The headless Service whose DNS name lists the members, or null when they are listed or multicast. */
  public String kubernetesService() {
    return members.size() == 1 && members.get(0).startsWith(KUBERNETES)
        ? members.get(0).substring(KUBERNETES.length()) : null;
  }

  /** The address other hosts reach this process at: {@code host} if set, else a non-loopback IPv4 address. */
  public String advertisedHost() {
    if (!host.isBlank()) {
      return host;
    }
    try {
      for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (java.net.InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
          if (address instanceof java.net.Inet4Address && !address.isLoopbackAddress()) {
            return address.getHostAddress();
          }
        }
      }
    } catch (java.net.SocketException e) {
      // fall through to loopback: a single-host cluster still works
    }
    return "127.0.0.1";
  }
}
