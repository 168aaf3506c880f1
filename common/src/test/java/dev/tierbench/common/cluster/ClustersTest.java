package dev.tierbench.common.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tierbench.common.cli.UserException;
import io.vertx.core.Future;

class ClustersTest {

  /** Without an address Hazelcast and the event bus would listen on every interface: refused before either starts. */
  @Test
  void aMemberWithoutAnAddressIsRefusedBeforeAnythingListens() {
    for (List<String> members : List.of(List.<String>of(), List.of("10.0.0.5:5701"), List.of("multicast"))) {
      Future<ClusterNode> joined = Clusters.join(new ClusterSettings(members, " ", 5701, "n", true,
          Duration.ofSeconds(1)));
      assertTrue(joined.failed(), "refused at once, not after trying: " + members);
      assertInstanceOf(UserException.class, joined.cause());
      assertEquals("a cluster member needs --cluster-host ADDRESS: the address of this machine that the other members"
          + " reach, and the only one its cluster ports listen on", joined.cause().getMessage());
    }
  }

  @Test
  void theMemberListensOnTheAddressItIsGivenOnly() {
    var config = Clusters.hazelcast(new ClusterSettings(List.of(), "10.0.0.9", 5701, "n", false,
        Duration.ofSeconds(1)));
    assertEquals("false", config.getProperty("hazelcast.socket.server.bind.any"));
    assertEquals(null, config.getProperty("hazelcast.socket.client.bind.any"), "outgoing connections unbound");
    assertEquals("10.0.0.9", config.getProperty("hazelcast.local.localAddress"));
  }
}
