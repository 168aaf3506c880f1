package dev.tierbench.agent;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.common.cli.Causes;
import dev.tierbench.agent.link.CoordinatorChannel;
import dev.tierbench.agent.link.CoordinatorException;
import dev.tierbench.common.protocol.FailureCodes;
import dev.tierbench.common.protocol.Frame;
import dev.tierbench.common.protocol.FrameCodec;
import dev.tierbench.common.protocol.ProtocolMismatch;
import dev.tierbench.common.protocol.WireMessage;
import dev.tierbench.common.trust.ClientTrust;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.TrustOptions;

/**
 * The coordinator over one outbound connection: a WebSocket to the coordinator's HTTPS port, carrying the
 * protocol's messages in {@link Frame}s. It needs no inbound path to the agent, so an agent behind NAT takes part.
 * The connection is opened at the first request and again after it drops; requests in flight when it drops fail
 * as unreachable, and the link's own retries take it from there. Runs on one Vert.x context.
 */
public final class DialOutChannel implements CoordinatorChannel {

  private static final Logger LOG = LoggerFactory.getLogger(DialOutChannel.class);
  /** Large enough for any result (histograms, profiles, per-sample evaluations). */
  static final int MAX_MESSAGE_BYTES = 16 << 20;

  private final Vertx vertx;
  private final Context context;
  private final URI coordinator;
  private final ClientTrust trust;
  private final WebSocketClient client;
  private final FrameCodec codec = new FrameCodec();
  private final Map<Integer, Pending> pending = new HashMap<>();
  private WebSocket socket;
  private Future<WebSocket> connecting;
  private int nextId;

  /** @param coordinator the coordinator's base URL, https (or http on loopback) */
  public DialOutChannel(Vertx vertx, Context context, URI coordinator, ClientTrust trust) {
    this.vertx = vertx;
    this.context = context;
    this.coordinator = coordinator;
    this.trust = trust;
    WebSocketClientOptions options = new WebSocketClientOptions().setMaxMessageSize(MAX_MESSAGE_BYTES)
        .setMaxFrameSize(1 << 20).setConnectTimeout(10_000);
    if (secure()) {
      options.setSsl(true).setVerifyHost(true);
      if (trust.server() != null) {
        options.setTrustOptions(TrustOptions.wrap(trust.server()));
      }
    }
    this.client = vertx.createWebSocketClient(options);
  }

  private boolean secure() {
    return "https".equalsIgnoreCase(coordinator.getScheme());
  }

  @Override
  public CompletionStage<Object> request(String address, WireMessage message, Duration timeout) {
    CompletableFuture<Object> answer = new CompletableFuture<>();
    context.runOnContext(v -> connected().onComplete(connected -> {
      if (connected.failed()) {
        answer.completeExceptionally(connectFailure(connected.cause()));
        return;
      }
      int id = ++nextId;
      long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
        if (pending.remove(id) != null) {
          answer.completeExceptionally(CoordinatorException.unreachable("the coordinator did not answer in time"));
        }
      });
      pending.put(id, new Pending(answer, timer));
      int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
      connected.result().writeBinaryMessage(codec.encode(new Frame.Request(id, address, millis, message)));
    }));
    return answer;
  }

  @Override
  public void send(String address, WireMessage message) {
    // Progress and telemetry only: while the link is down they are dropped, as on a bus with no handler.
    context.runOnContext(v -> {
      if (socket != null && !socket.isClosed()) {
        socket.writeBinaryMessage(codec.encode(new Frame.Send(address, message)));
      }
    });
  }

  @Override
  public void close() {
    context.runOnContext(v -> {
      if (socket != null) {
        socket.close();
      }
      client.close();
    });
  }

  private Future<WebSocket> connected() {
    if (socket != null && !socket.isClosed()) {
      return Future.succeededFuture(socket);
    }
    if (connecting == null) {
      int port = coordinator.getPort() > 0 ? coordinator.getPort() : secure() ? 443 : 80;
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(coordinator.getHost()).setPort(port)
          .setURI(Frame.LINK_PATH).setSsl(secure());
      if (!trust.bearer().isEmpty()) {
        options.addHeader("Authorization", trust.authorization());
      }
      connecting = client.connect(options).onSuccess(this::opened).onComplete(done -> connecting = null);
    }
    return connecting;
  }

  private void opened(WebSocket opened) {
    socket = opened;
    LOG.info("linked to the coordinator at {}", coordinator);
    opened.binaryMessageHandler(this::receive);
    opened.exceptionHandler(e -> LOG.debug("link to {}: {}", coordinator, e.toString()));
    opened.closeHandler(v -> {
      if (socket == opened) {
        socket = null;
      }
      failAll(closed(opened.closeStatusCode(), opened.closeReason()));
    });
  }

  /** Why the link closed: a refusal no retry can change (this agent's credential), or a network trouble. */
  private static CoordinatorException closed(Short code, String reason) {
    if (code != null && code == Frame.CLOSE_REVOKED) {
      return CoordinatorException.refused(FailureCodes.UNAUTHORIZED, "the coordinator revoked this agent's credential");
    }
    if (code != null && code == Frame.CLOSE_WRONG_AGENT) {
      return CoordinatorException.refused(FailureCodes.UNAUTHORIZED, "the coordinator closed the link: " + reason
          + "; a credential speaks only for the agent id it was issued to (--agent-id)");
    }
    return CoordinatorException.unreachable("the link to the coordinator closed"
        + (reason == null ? "" : ": " + reason));
  }

  private void receive(Buffer bytes) {
    Frame frame;
    try {
      frame = codec.decode(bytes);
    } catch (IllegalArgumentException e) {
      LOG.warn("closing the link to {}: {}", coordinator, e.getMessage());
      socket.close(Frame.CLOSE_MALFORMED, "malformed frame");
      return;
    }
    if (frame instanceof Frame.Reply reply) {
      Pending waiting = pending.remove(reply.id());
      if (waiting != null) {
        vertx.cancelTimer(waiting.timer());
        if (reply.message() instanceof ProtocolMismatch mismatch) {
          waiting.answer().completeExceptionally(CoordinatorException.refused(FailureCodes.PROTOCOL_MISMATCH,
              mismatch.describe()));
        } else {
          waiting.answer().complete(reply.message());
        }
      }
    } else if (frame instanceof Frame.Fail fail) {
      Pending waiting = pending.remove(fail.id());
      if (waiting != null) {
        vertx.cancelTimer(waiting.timer());
        waiting.answer().completeExceptionally(fail.refused() ? CoordinatorException.refused(fail.code(), fail.message())
            : CoordinatorException.unreachable(fail.message()));
      }
    } else {
      LOG.warn("ignored a {} frame from the coordinator: it only answers", frame.getClass().getSimpleName());
    }
  }

  private void failAll(CoordinatorException why) {
    Map<Integer, Pending> failing = new HashMap<>(pending);
    pending.clear();
    failing.values().forEach(p -> {
      vertx.cancelTimer(p.timer());
      p.answer().completeExceptionally(why);
    });
  }

  /** A refusal the agent cannot retry its way out of is told as one; anything else is a network trouble. */
  private CoordinatorException connectFailure(Throwable e) {
    if (e instanceof UpgradeRejectedException rejected) {
      int status = rejected.getStatus();
      if (status == 401 || status == 403) {
        return CoordinatorException.refused(FailureCodes.UNAUTHORIZED, "the coordinator at " + coordinator
            + " refused this agent's credential (HTTP " + status + "): was it revoked? delete the agent's credential"
            + " file and join again with a join token");
      }
      return CoordinatorException.unreachable("the coordinator at " + coordinator + " refused the link: HTTP " + status);
    }
    // Only a certificate refused is final: a handshake that timed out (a fleet reconnecting at once) is trouble.
    if (Causes.has(e, java.security.cert.CertificateException.class)) {
      return CoordinatorException.refused(FailureCodes.UNTRUSTED, "the server at " + coordinator
          + " is not the coordinator the join token names: " + Causes.rootMessage(e));
    }
    return CoordinatorException.unreachable("cannot reach the coordinator at " + coordinator + ": " + Causes.rootMessage(e));
  }


  private record Pending(CompletableFuture<Object> answer, long timer) {}
}
