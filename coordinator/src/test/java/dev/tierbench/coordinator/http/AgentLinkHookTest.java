package dev.tierbench.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.trust.PinnedAuthority;
import io.vertx.core.Future;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.TrustOptions;

/**
 * The agent link's hook: a WebSocket over TLS, opened only for an agent's credential, handed to its handler with the
 * caller; anyone else, the operator too, is refused before the upgrade, as every request is.
 */
class AgentLinkHookTest {

  private static final String PATH = "/agent-link";

  @TempDir
  Path dir;

  private SecuredHttp server;
  private WebSocketClient client;

  @BeforeEach
  void start() throws Exception {
    server = new SecuredHttp(dir, true);
    server.http.agentLink(PATH, (caller, socket) -> socket.writeTextMessage("hello " + caller.role() + " "
        + caller.name()));
    client = server.vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true)
        .setTrustOptions(TrustOptions.wrap(new PinnedAuthority(server.state.caKeySha256()))));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Future<WebSocket> connect(String secret) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port)
        .setURI(PATH).setSsl(true);
    if (secret != null) {
      options.addHeader("Authorization", "Bearer " + secret);
    }
    return client.connect(options);
  }

  private String firstMessage(String secret) throws Exception {
    CompletableFuture<String> message = new CompletableFuture<>();
    // Set on the event loop as the socket opens: a handler set later could miss what the server sent at once.
    WebSocket socket = connect(secret).map(ws -> ws.textMessageHandler(message::complete)).await(10,
        TimeUnit.SECONDS);
    try {
      return message.get(10, TimeUnit.SECONDS);
    } finally {
      socket.close();
    }
  }

  private int rejection(String secret) throws Exception {
    Throwable failure = connect(secret).transform(Future::succeededFuture).await(10, TimeUnit.SECONDS).cause();
    return assertInstanceOf(UpgradeRejectedException.class, failure, String.valueOf(failure)).getStatus();
  }

  @Test
  void anAgentsCredentialOpensTheLinkAndTheHandlerKnowsWhoItIs() throws Exception {
    String credential = server.state.access().agents().issue("pi-3");
    assertEquals("hello AGENT pi-3", firstMessage(credential));
  }

  @Test
  void noOrAnUnknownCredentialIs401AndTheJoinScrapeOrOperatorToken403() throws Exception {
    assertEquals(401, rejection(null));
    assertEquals(401, rejection("not-a-credential-at-all-0123456789"));
    String revoked = server.state.access().agents().issue("gone");
    server.state.access().agents().revoke("gone");
    assertEquals(401, rejection(revoked));
    assertEquals(403, rejection(server.state.joinToken().toString()));
    assertEquals(403, rejection(server.state.scrapeToken()));
    assertEquals(403, rejection(server.state.operatorToken()), "a link speaks for the agent its credential names,"
        + " and the operator's names none");
    assertTrue(firstMessage(server.state.access().agents().issue("still")).startsWith("hello AGENT"),
        "refusals leave the link working");
  }
}
