package dev.tierbench.coordinator.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
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
 * answered by the handler on the bus, under the same id; what may not pass is refused by name; a link speaking for
 * any agent but the one its credential names (pi-7's here) is closed.
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
    // Every message that reaches the bus is noted, whatever its handler answers.
    vertx.eventBus().<Heartbeat>consumer(Addresses.HEARTBEAT, m -> {
      told.add(m.body());
      m.reply(new HeartbeatAck(true, m.body().leaseId().equals("lease-1")));
    });
    vertx.eventBus().<LeaseRequest>consumer(Addresses.LEASE, m -> {
      told.add(m.body());
      m.fail(FailureCodes.UNKNOWN_AGENT, "who is " + m.body().agentId() + "?");
    });
    vertx.eventBus().consumer(Addresses.PROGRESS, m -> told.add(m.body()));
    HttpServer server = vertx.createHttpServer().webSocketHandler(ws -> links.accept("pi-7", ws));
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
  void aLinkSpeakingForAnotherAgentIsClosedAndNothingReachesTheBus() throws Exception {
    Client own = new Client();
    assertEquals(new Frame.Reply(1, new HeartbeatAck(true, false)),
        own.ask(new Frame.Request(1, Addresses.HEARTBEAT, 5_000, new Heartbeat("pi-7", "", 1, 0))),
        "a link of pi-7's credential speaks for pi-7");
    assertInstanceOf(Heartbeat.class, told.poll(WAIT, TimeUnit.SECONDS));
    Client asking = new Client();
    asking.socket.writeBinaryMessage(codec.encode(new Frame.Request(2, Addresses.HEARTBEAT, 5_000,
        new Heartbeat("pi-8", "", 1, 0))));
    assertEquals(Frame.CLOSE_WRONG_AGENT, asking.closed.get(WAIT, TimeUnit.SECONDS));
    assertTrue(asking.frames.isEmpty(), "closed, not answered: " + asking.frames);
    Client telling = new Client();
    telling.socket.writeBinaryMessage(codec.encode(new Frame.Send(Addresses.PROGRESS,
        new Progress("pi-8", "l", "t", Phase.MEASURING, 1, 2))));
    assertEquals(Frame.CLOSE_WRONG_AGENT, telling.closed.get(WAIT, TimeUnit.SECONDS));
    // Its own messages first change nothing: the credential, not the first message, says whose link it is.
    own.socket.writeBinaryMessage(codec.encode(new Frame.Send(Addresses.PROGRESS,
        new Progress("pi-8", "l", "t", Phase.MEASURING, 1, 2))));
    assertEquals(Frame.CLOSE_WRONG_AGENT, own.closed.get(WAIT, TimeUnit.SECONDS));
    Progress progress = new Progress("pi-7", "l", "t", Phase.MEASURING, 2, 2);
    new Client().socket.writeBinaryMessage(codec.encode(new Frame.Send(Addresses.PROGRESS, progress)));
    assertEquals(progress, told.poll(WAIT, TimeUnit.SECONDS), "a new link of pi-7 speaks for it");
    assertTrue(told.isEmpty(), "nothing of pi-8's reached the bus: " + told);
  }

  /**
   * Ids a link of pi-7 may be sent, none of them pi-7: random strings, and near misses (case, spaces, lookalike
   * letters and digits, invisible characters) that a comparison other than exact equality could take for it.
   */
  private static String claimed(Random random) {
    String[] near = {"PI-7", "Pi-7", "pI-7", "pi-7 ", " pi-7", "pi-7\t", "pi-7\n", "pi-7\u0000", "pi-07", "pi_7",
        "pi-7.", "p\u0456-7", "\u0440i-7", "pi\u20117", "pi\u22127", "pi\uff0d7", "pi-\uff17", "pi-\u0667",
        "pi-\u2077", "pi-7\u200b", "\u200dpi-7", "pi-7\u00a0", "\ufeffpi-7", "pi-7\u0301", "p\u0131-7", "PI-\u2166"};
    if (random.nextBoolean()) {
      return near[random.nextInt(near.length)];
    }
    StringBuilder id = new StringBuilder();
    int length = 1 + random.nextInt(12);
    while (id.length() < length) {
      int c = switch (random.nextInt(4)) {
        case 0 -> "pi-7PI".charAt(random.nextInt(6));
        case 1 -> random.nextInt(0x80);
        case 2 -> random.nextInt(0x3000);
        default -> 0x10000 + random.nextInt(0x2000);
      };
      if (!Character.isSurrogate((char) c) || c > 0xffff) {
        id.appendCodePoint(c);
      }
    }
    return id.toString();
  }

  @Test
  void noClaimedIdButTheCredentialsOwnPasses() throws Exception {
    Random random = new Random(13);
    int tried = 0;
    for (int i = 0; i < 300; i++) {
      String id = claimed(random);
      if (id.equals("pi-7") || id.isBlank()) {
        continue; // the name itself, or no id a message can be made with
      }
      Frame frame = switch (i % 3) {
        case 0 -> new Frame.Request(i, Addresses.HEARTBEAT, 5_000, new Heartbeat(id, "", 1, 0));
        case 1 -> new Frame.Request(i, Addresses.LEASE, 5_000, new LeaseRequest(id));
        default -> new Frame.Send(Addresses.PROGRESS, new Progress(id, "l", "t", Phase.MEASURING, 1, 2));
      };
      Client client = new Client();
      client.socket.writeBinaryMessage(codec.encode(frame));
      assertEquals(Frame.CLOSE_WRONG_AGENT, client.closed.get(WAIT, TimeUnit.SECONDS), "claimed " + id);
      tried++;
    }
    assertTrue(tried > 250, "tried " + tried);
    assertTrue(told.isEmpty(), "nothing reached the bus: " + told);
    assertEquals(new Frame.Reply(1, new HeartbeatAck(true, true)), new Client().ask(new Frame.Request(1,
        Addresses.HEARTBEAT, 5_000, new Heartbeat("pi-7", "lease-1", 1, 0))), "and pi-7 itself still passes");
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
