package dev.tierbench.coordinator;

import static dev.tierbench.common.cli.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tierbench.agent.host.HostInfo;
import dev.tierbench.common.cluster.ClusterSettings;
import dev.tierbench.common.cluster.Clusters;
import dev.tierbench.common.protocol.Addresses;
import dev.tierbench.common.protocol.FailureCodes;
import dev.tierbench.common.protocol.KryoMessageCodec;
import dev.tierbench.common.protocol.OtherVersions;
import dev.tierbench.common.protocol.Register;
import dev.tierbench.common.protocol.Registered;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;

/** An agent of another protocol version, over a real Hazelcast cluster, is refused by name. */
class ProtocolMismatchIT {

  @org.junit.jupiter.api.io.TempDir
  java.nio.file.Path dir;

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void anAgentSpeakingAnotherVersionGetsAClearRefusal() throws Exception {
    int port = JvmProcesses.freePort();
    String name = "mismatch-" + port;
    Vertx coordinatorSide = await(Clusters.join(new ClusterSettings(List.of(), "127.0.0.1", port, name, false,
        Duration.ofSeconds(5))), WAIT, "coordinator cluster").vertx();
    Vertx agentSide = null;
    Vertx currentAgent = null;
    try {
      await(coordinatorSide.deployVerticle(new Coordinator(new CoordinatorSettings("c", "127.0.0.1", 0,
          Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1), 3, Duration.ofSeconds(60), Path.of("runs"),
          TestTrust.folder(dir).access()),
          Clock.systemUTC())), WAIT,
          "deploy");
      ClusterSettings agentCluster = new ClusterSettings(List.of("127.0.0.1:" + port), "127.0.0.1", port + 1, name,
          true, Duration.ofSeconds(5));

      agentSide = await(Clusters.join(agentCluster), WAIT, "old agent").vertx();
      agentSide.eventBus().unregisterCodec(KryoMessageCodec.NAME);
      int old = dev.tierbench.common.protocol.Protocol.VERSION - 1;
      OtherVersions.install(agentSide.eventBus(), old);
      Register register = new Register(old, HostInfo.describe("old-agent", "edge", List.of(), Map.of(), "", null));
      Future<?> reply = agentSide.eventBus().request(Addresses.REGISTER, register);
      Throwable failure = assertThrowsFuture(reply);
      ReplyException refused = assertInstanceOf(ReplyException.class, failure);
      assertEquals(FailureCodes.PROTOCOL_MISMATCH, refused.failureCode());
      assertTrue(refused.getMessage().contains("v" + old) && refused.getMessage().contains(
          "v" + dev.tierbench.common.protocol.Protocol.VERSION), refused.getMessage());

      currentAgent = await(Clusters.join(agentCluster), WAIT, "current agent").vertx();
      Object ok = await(currentAgent.eventBus().request(Addresses.REGISTER,
          new Register(dev.tierbench.common.protocol.Protocol.VERSION,
              HostInfo.describe("new-agent", "edge", List.of(), Map.of(), "", null))), WAIT, "register").body();
      assertInstanceOf(Registered.class, ok, "an agent of the same version is welcome");
    } finally {
      for (Vertx v : new Vertx[] {currentAgent, agentSide, coordinatorSide}) {
        if (v != null) {
          await(v.close(), WAIT, "close");
        }
      }
    }
  }

  private static Throwable assertThrowsFuture(Future<?> future) throws InterruptedException {
    try {
      future.toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer to the mismatched registration", e);
    }
    throw new AssertionError("a mismatched agent was registered");
  }
}
