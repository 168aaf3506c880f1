package dev.tierbench.common.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;

class ClusterSettingsTest {

  private static ClusterSettings settings(List<String> members) {
    return new ClusterSettings(members, "", 5701, "tierbench", false, Duration.ofSeconds(30));
  }

  @Test
  void membersAreCommaSeparatedAndTrimmed() {
    assertEquals(List.of("10.0.0.1:5701", "coordinator", "10.0.0.2:5702"),
        ClusterSettings.parseMembers(" 10.0.0.1:5701 ,coordinator,, 10.0.0.2:5702 ,"));
  }

  @Test
  void anEmptyClusterKeyMeansNoMembers() {
    assertEquals(List.of(), ClusterSettings.parseMembers(""));
    assertEquals(List.of(), ClusterSettings.parseMembers(" , "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"coordinator", "10.0.0.1", "10.0.0.1:5701", "pi-01.lab:1", "host:65535", "multicast"})
  void hostsAndHostPortsAreValidMembers(String member) {
    assertEquals(List.of(member), settings(List.of(member)).members());
  }

  @ParameterizedTest
  @ValueSource(strings = {"host name", "host:", ":5701", "host:port", "a:1:2", "host:123456", "", "tab\there",
      "host:0", "host:65536"})
  void anythingElseIsRefusedNamingTheMember(String member) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(List.of(member)));
    assertEquals("cluster member '" + member + "' is not host or host:port (port 1-65535)", e.getMessage());
  }

  @Test
  void multicastCannotBeCombinedWithMembers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> settings(List.of("multicast", "host:5701")));
    assertTrue(e.getMessage().contains("cannot be combined"), e.getMessage());
  }

  @Test
  void multicastIsRecognisedWhateverItsCase() {
    assertEquals(List.of("multicast"), ClusterSettings.parseMembers("Multicast"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65_536})
  void thePortMustBeAPortNumber(int port) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ClusterSettings(List.of(), "", port, "n", false, Duration.ofSeconds(1)));
    assertEquals("cluster-port must be a port number, got " + port, e.getMessage());
  }

  @Test
  void multicastIsOnOnlyWhenAskedFor() {
    assertTrue(settings(List.of("multicast")).multicast());
    assertFalse(settings(List.of("10.0.0.1:5701")).multicast());
    assertFalse(settings(List.of()).multicast());
  }

  @Test
  void membersAreCopied() {
    List<String> members = new ArrayList<>(List.of("a:1"));
    ClusterSettings s = settings(members);
    members.add("b:2");
    assertEquals(List.of("a:1"), s.members());
  }

  @Test
  void theAdvertisedHostIsTheConfiguredOneElseAnIpv4Address() {
    ClusterSettings fixed = new ClusterSettings(List.of(), "192.168.1.7", 5701, "n", true, Duration.ofSeconds(1));
    assertEquals("192.168.1.7", fixed.advertisedHost());
    String chosen = settings(List.of()).advertisedHost();
    assertTrue(chosen.matches("\\d{1,3}(\\.\\d{1,3}){3}"), chosen);
  }

  @Test
  void hazelcastUsesMulticastInsteadOfTcpIpWhenAskedFor() {
    JoinConfig join = Clusters.hazelcast(settings(List.of("multicast"))).getNetworkConfig().getJoin();
    assertTrue(join.getMulticastConfig().isEnabled());
    assertFalse(join.getTcpIpConfig().isEnabled());
  }

  @Test
  void inKubernetesMembersAreWhatTheHeadlessServiceResolvesTo() {
    ClusterSettings s = settings(List.of("kubernetes:tierbench-cluster.tierbench.svc.cluster.local"));
    JoinConfig join = Clusters.hazelcast(s).getNetworkConfig().getJoin();
    assertTrue(join.getKubernetesConfig().isEnabled());
    assertEquals("tierbench-cluster.tierbench.svc.cluster.local", join.getKubernetesConfig().getProperty("service-dns"));
    assertFalse(join.getTcpIpConfig().isEnabled());
    assertFalse(join.getMulticastConfig().isEnabled());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> settings(List.of("kubernetes:")));
    assertTrue(e.getMessage().startsWith("cluster 'kubernetes:' needs the headless Service's DNS name"), e.getMessage());
  }

  @Test
  void hazelcastJoinsTheListedMembersByTcpIp() {
    ClusterSettings s = new ClusterSettings(List.of("10.0.0.1:5701", "10.0.0.2"), "10.0.0.9", 5801, "bench", true,
        Duration.ofSeconds(12));
    Config config = Clusters.hazelcast(s);
    JoinConfig join = config.getNetworkConfig().getJoin();

    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.getAutoDetectionConfig().isEnabled());
    assertTrue(join.getTcpIpConfig().isEnabled());
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2"), join.getTcpIpConfig().getMembers());
    assertEquals(12, join.getTcpIpConfig().getConnectionTimeoutSeconds());
    assertEquals("bench", config.getClusterName());
    assertTrue(config.isLiteMember());
    assertEquals(5801, config.getNetworkConfig().getPort());
    assertEquals("10.0.0.9", config.getNetworkConfig().getPublicAddress());
    assertEquals("0", config.getProperty("hazelcast.wait.seconds.before.join"));
  }

  @Test
  void aMemberBehindARelayOrNatAdvertisesWhereOthersReachIt() {
    ClusterSettings s = new ClusterSettings(List.of("10.0.0.254:5701"), "10.0.0.13", 5701, "n", true,
        Duration.ofSeconds(1), "10.0.0.254:15713", 6013, "10.0.0.254:16013");
    assertEquals("10.0.0.254:15713", Clusters.hazelcast(s).getNetworkConfig().getPublicAddress());
    assertEquals("10.0.0.254", s.busPublicHost());
    assertEquals(16013, s.busPublicPort());
    ClusterSettings plain = settings(List.of("a:1"));
    assertEquals(null, plain.busPublicHost(), "the bound address");
    assertEquals(0, plain.busPort(), "any free port");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClusterSettings(List.of(),
        "", 5701, "n", true, Duration.ofSeconds(1), "relay", 0, ""));
    assertEquals("cluster-public-address must be HOST:PORT (port 1-65535), got 'relay'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ClusterSettings(List.of(), "", 5701, "n", true,
        Duration.ofSeconds(1), "", 70000, ""));
    assertEquals("eventbus-port must be a port number, or 0 for any, got 70000", e.getMessage());
  }

  @Test
  void aSubSecondConnectTimeoutStillWaitsOneSecond() {
    ClusterSettings s = new ClusterSettings(List.of("a:1"), "", 5701, "n", false, Duration.ofMillis(200));
    assertEquals(1, Clusters.hazelcast(s).getNetworkConfig().getJoin().getTcpIpConfig().getConnectionTimeoutSeconds());
    assertFalse(Clusters.hazelcast(s).isLiteMember());
  }
}
