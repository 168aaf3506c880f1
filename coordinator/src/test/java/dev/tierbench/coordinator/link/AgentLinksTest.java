package dev.tierbench.coordinator.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tierbench.common.protocol.Ack;
import dev.tierbench.common.protocol.Addresses;
import dev.tierbench.common.protocol.FailureCodes;
import dev.tierbench.common.protocol.Frame;
import dev.tierbench.common.protocol.FrameCodec;
import dev.tierbench.common.protocol.Heartbeat;
import dev.tierbench.common.protocol.HeartbeatAck;
import dev.tierbench.common.protocol.KryoMessageCodec;
import dev.tierbench.common.protocol.LeaseRequest;
import dev.tierbench.common.protocol.Leave;
import dev.tierbench.common.protocol.Progress;
import dev.tierbench.common.protocol.Phase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;

/**
 * The coordinator's end of a dial-out link, against a real WebSocket and the real event bus: what an agent asks is
 * answered by the handler on the bus, under the same id; what may not pass is refused by name.
 */
class AgentLinksTest {

  private static final long WAIT = 10;
  private final FrameCodec codec = new FrameCodec();
  private final AtomicBoolean admitted = new AtomicBoolean(true);
  private final BlockingQueue<Object> told = new LinkedBlockingQueue<>();
  private Vertx vertx;
  private AgentLinks links;
  private int port;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    KryoMessageCodec.install(vertx.eventBus());
    links = new AgentLinks(vertx, name -> admitted.get(), Duration.ofMillis(20));
    vertx.eventBus().<Heartbeat>consumer(Addresses.HEARTBEAT, m -> m.reply(new HeartbeatAck(true, m.body().leaseId()
        .equals("lease-1"))));
    vertx.eventBus().<LeaseRequest>consumer(Addresses.LEASE, m -> m.fail(FailureCodes.UNKNOWN_AGENT, "who is "
        + m.body().agentId() + "?"));
    vertx.eventBus().consumer(Addresses.PROGRESS, m -> told.add(m.body()));
    HttpServer server = vertx.createHttpServer().webSocketHandler(ws -> links.accept("pi-7", true, ws));
    port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(WAIT, TimeUnit.SECONDS)
        .actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
  }

  /** A client end that queues what it receives, and the close code. */
  private final class Client {
    final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Short> closed = new CompletableFuture<>();
    final WebSocket socket;

    Client() throws Exception {
      socket = vertx.createWebSocketClient().connect(port, "127.0.0.1", "/agents/link").toCompletionStage()
          .toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
      socket.binaryMessageHandler(b -> frames.add(codec.decode(b)));
      socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
    }

    Frame ask(Frame frame) throws InterruptedException {
      socket.writeBinaryMessage(codec.encode(frame));
      Frame answer = frames.poll(WAIT, TimeUnit.SECONDS);
      assertNotNull(answer, "an answer to " + frame);
      return answer;
    }
  }

  @Test
  void aRequestIsAnsweredByTheHandlerUnderItsId() throws Exception {
    Client client = new Client();
    Frame answer = client.ask(new Frame.Request(41, Addresses.HEARTBEAT, 5_000, new Heartbeat("pi-7", "lease-1", 1, 0)));
    assertEquals(new Frame.Reply(41, new HeartbeatAck(true, true)), answer);
    assertEquals(1, links.size());
  }

  @Test
  void aRefusalKeepsItsCodeAndNoHandlerIsNoAnswer() throws Exception {
    Client client = new Client();
    assertEquals(new Frame.Fail(2, FailureCodes.UNKNOWN_AGENT, "who is pi-7?"),
        client.ask(new Frame.Request(2, Addresses.LEASE, 5_000, new LeaseRequest("pi-7"))));
    Frame.Fail none = assertInstanceOf(Frame.Fail.class,
        client.ask(new Frame.Request(3, Addresses.LEAVE, 5_000, new Leave("pi-7", "bye"))));
    assertEquals(Frame.Fail.NO_HANDLER, none.code(), none.message());
  }

  @Test
  void aLinkCarriesOneAgentsMessagesOnly() throws Exception {
    Client client = new Client();
    client.ask(new Frame.Request(1, Addresses.HEARTBEAT, 5_000, new Heartbeat("pi-7", "", 1, 0)));
    Frame.Fail refused = assertInstanceOf(Frame.Fail.class,
        client.ask(new Frame.Request(2, Addresses.HEARTBEAT, 5_000, new Heartbeat("pi-8", "", 1, 0))));
    assertEquals(FailureCodes.BAD_REQUEST, refused.code());
    assertEquals("this link carries agent pi-7's messages, not pi-8's", refused.message());
    // Told messages of another agent are dropped; the link's own pass.
    client.socket.writeBinaryMessage(codec.encode(new Frame.Send(Addresses.PROGRESS,
        new Progress("pi-8", "l", "t", Phase.MEASURING, 1, 2))));
    Progress own = new Progress("pi-7", "l", "t", Phase.MEASURING, 2, 2);
    client.socket.writeBinaryMessage(codec.encode(new Frame.Send(Addresses.PROGRESS, own)));
    assertEquals(own, told.poll(WAIT, TimeUnit.SECONDS));
    assertTrue(told.isEmpty());
  }

  @Test
  void whatIsNotAFrameClosesTheLink() throws Exception {
    Client client = new Client();
    client.socket.writeBinaryMessage(Buffer.buffer(new byte[] {9, 9, 9}));
    assertEquals(Frame.CLOSE_MALFORMED, client.closed.get(WAIT, TimeUnit.SECONDS));
    Client other = new Client();
    other.socket.writeBinaryMessage(codec.encode(new Frame.Reply(1, new Ack(true, "?"))));
    assertEquals(Frame.CLOSE_MALFORMED, other.closed.get(WAIT, TimeUnit.SECONDS), "an agent only asks and tells");
    Client texting = new Client();
    texting.socket.writeTextMessage("hello");
    assertEquals(Frame.CLOSE_MALFORMED, texting.closed.get(WAIT, TimeUnit.SECONDS));
  }

  @Test
  void aRevokedAgentsLinkIsClosed() throws Exception {
    Client client = new Client();
    client.ask(new Frame.Request(1, Addresses.HEARTBEAT, 5_000, new Heartbeat("pi-7", "", 1, 0)));
    admitted.set(false);
    assertEquals(Frame.CLOSE_REVOKED, client.closed.get(WAIT, TimeUnit.SECONDS));
  }
}
