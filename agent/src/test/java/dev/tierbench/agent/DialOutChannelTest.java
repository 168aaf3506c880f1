package dev.tierbench.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tierbench.agent.link.CoordinatorException;
import dev.tierbench.common.protocol.Ack;
import dev.tierbench.common.protocol.Addresses;
import dev.tierbench.common.protocol.FailureCodes;
import dev.tierbench.common.protocol.Frame;
import dev.tierbench.common.protocol.FrameCodec;
import dev.tierbench.common.protocol.LeaseRequest;
import dev.tierbench.common.trust.ClientTrust;
import dev.tierbench.common.trust.PinnedAuthority;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SelfSignedCertificate;

/**
 * The agent's end of a dial-out link against a real WebSocket server that speaks frames: answers arrive under
 * their ids; a dropped link fails what was in flight and is opened again; a refused credential and a server the
 * agent does not trust are refusals, not network trouble.
 */
class DialOutChannelTest {

  private static final long WAIT = 10;
  private final FrameCodec codec = new FrameCodec();
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
  }

  /** A server that hands each request frame, with its socket, to {@code coordinator}; returns its port. */
  private int serve(HttpServerOptions options, BiConsumer<Frame.Request, ServerWebSocket> coordinator) throws Exception {
    return vertx.createHttpServer(options).webSocketHandler(ws -> ws.binaryMessageHandler(bytes -> {
      if (codec.decode(bytes) instanceof Frame.Request request) {
        coordinator.accept(request, ws);
      }
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(WAIT, TimeUnit.SECONDS).actualPort();
  }

  private Object answer(CompletionStage<Object> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT, TimeUnit.SECONDS);
  }

  private CoordinatorException failure(CompletionStage<Object> stage) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> answer(stage));
    return assertInstanceOf(CoordinatorException.class, e.getCause());
  }

  @Test
  void answersArriveUnderTheirIdsAndADroppedLinkIsOpenedAgain() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    int port = serve(new HttpServerOptions(), (request, ws) -> {
      LeaseRequest asked = (LeaseRequest) request.message();
      if (asked.agentId().equals("drop")) {
        ws.close();
      } else if (asked.agentId().equals("silent")) {
        return;
      } else {
        ws.writeBinaryMessage(codec.encode(new Frame.Reply(request.id(), new Ack(true, asked.agentId()))));
      }
    });
    DialOutChannel channel = new DialOutChannel(vertx, context, URI.create("http://127.0.0.1:" + port),
        ClientTrust.none());
    CompletionStage<Object> first = channel.request(Addresses.LEASE, new LeaseRequest("one"), Duration.ofSeconds(5));
    CompletionStage<Object> second = channel.request(Addresses.LEASE, new LeaseRequest("two"), Duration.ofSeconds(5));
    assertEquals(new Ack(true, "one"), answer(first));
    assertEquals(new Ack(true, "two"), answer(second));
    CoordinatorException timedOut = failure(channel.request(Addresses.LEASE, new LeaseRequest("silent"),
        Duration.ofMillis(200)));
    assertFalse(timedOut.refused());
    assertEquals("the coordinator did not answer in time", timedOut.getMessage());
    CoordinatorException dropped = failure(channel.request(Addresses.LEASE, new LeaseRequest("drop"),
        Duration.ofSeconds(5)));
    assertFalse(dropped.refused());
    assertTrue(dropped.getMessage().startsWith("the link to the coordinator closed"), dropped.getMessage());
    assertEquals(new Ack(true, "again"), answer(channel.request(Addresses.LEASE, new LeaseRequest("again"),
        Duration.ofSeconds(5))), "the next request opens the link again");
  }

  @Test
  void aRefusalComesBackWithItsCode() throws Exception {
    int port = serve(new HttpServerOptions(), (request, ws) -> ws.writeBinaryMessage(codec.encode(
        new Frame.Fail(request.id(), FailureCodes.UNKNOWN_AGENT, "register first"))));
    DialOutChannel channel = new DialOutChannel(vertx, context, URI.create("http://127.0.0.1:" + port),
        ClientTrust.none());
    CoordinatorException refused = failure(channel.request(Addresses.LEASE, new LeaseRequest("pi"), Duration.ofSeconds(5)));
    assertTrue(refused.refused());
    assertEquals(FailureCodes.UNKNOWN_AGENT, refused.code());
  }

  @Test
  void aRevokedOrMisusedLinkAndARejectedCredentialAreRefusals() throws Exception {
    int port = serve(new HttpServerOptions(), (request, ws) -> ws.close(Frame.CLOSE_REVOKED, "revoked"));
    DialOutChannel channel = new DialOutChannel(vertx, context, URI.create("http://127.0.0.1:" + port),
        new ClientTrust("credential", null));
    CoordinatorException revoked = failure(channel.request(Addresses.LEASE, new LeaseRequest("pi"), Duration.ofSeconds(5)));
    assertEquals(FailureCodes.UNAUTHORIZED, revoked.code());
    int impersonating = serve(new HttpServerOptions(), (request, ws) -> ws.close(Frame.CLOSE_WRONG_AGENT,
        "the credential of agent pi-7 spoke for agent 'pi-8'"));
    CoordinatorException wrong = failure(new DialOutChannel(vertx, context, URI.create("http://127.0.0.1:"
        + impersonating), new ClientTrust("credential", null)).request(Addresses.LEASE, new LeaseRequest("pi-8"),
        Duration.ofSeconds(5)));
    assertEquals(FailureCodes.UNAUTHORIZED, wrong.code(), "no retry makes a credential another agent's");
    assertEquals("the coordinator closed the link: the credential of agent pi-7 spoke for agent 'pi-8'; a credential"
        + " speaks only for the agent id it was issued to (--agent-id)", wrong.getMessage());
    int refusing = vertx.createHttpServer().requestHandler(r -> r.response().setStatusCode(401).end())
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(WAIT, TimeUnit.SECONDS).actualPort();
    DialOutChannel refused = new DialOutChannel(vertx, context, URI.create("http://127.0.0.1:" + refusing),
        new ClientTrust("stale", null));
    CoordinatorException rejected = failure(refused.request(Addresses.LEASE, new LeaseRequest("pi"), Duration.ofSeconds(5)));
    assertEquals(FailureCodes.UNAUTHORIZED, rejected.code());
    assertTrue(rejected.getMessage().contains("refused this agent's credential (HTTP 401)"), rejected.getMessage());
  }

  @Test
  void theLinkTrustsOnlyTheAuthorityItPins() throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    int port = serve(new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()),
        (request, ws) -> ws.writeBinaryMessage(codec.encode(new Frame.Reply(request.id(), new Ack(true, "tls")))));
    X509Certificate served;
    try (InputStream in = Files.newInputStream(Path.of(certificate.certificatePath()))) {
      served = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    URI url = URI.create("https://localhost:" + port);
    DialOutChannel pinned = new DialOutChannel(vertx, context, url,
        new ClientTrust("c", new PinnedAuthority(PinnedAuthority.keySha256(served))));
    assertEquals(new Ack(true, "tls"), answer(pinned.request(Addresses.LEASE, new LeaseRequest("pi"), Duration.ofSeconds(5))));
    DialOutChannel other = new DialOutChannel(vertx, context, url, new ClientTrust("c", new PinnedAuthority("0".repeat(64))));
    CoordinatorException untrusted = failure(other.request(Addresses.LEASE, new LeaseRequest("pi"), Duration.ofSeconds(5)));
    assertEquals(FailureCodes.UNTRUSTED, untrusted.code());
    assertTrue(untrusted.getMessage().contains("is not the coordinator the join token names"), untrusted.getMessage());
  }
}
