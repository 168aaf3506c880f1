package dev.tierbench.coordinator.link;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.common.protocol.FailureCodes;
import dev.tierbench.common.protocol.Frame;
import dev.tierbench.common.protocol.FrameCodec;
import dev.tierbench.common.protocol.FromAgent;
import dev.tierbench.common.protocol.ProtocolMismatch;
import dev.tierbench.common.protocol.WireMessage;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.ServerWebSocket;

/**
 * The coordinator's end of agents' dial-out links: each agent opens one WebSocket (authenticated before it is
 * upgraded) and sends {@link Frame}s over it; this relays them to the coordinator's handlers on the local event
 * bus and their answers back, so the coordinator serves linked and clustered agents alike. A link carries the
 * messages of the agent its credential names only: one speaking for another agent is closed, as is a link whose
 * agent's credential is revoked.
 */
public final class AgentLinks {

  private static final Logger LOG = LoggerFactory.getLogger(AgentLinks.class);
  /** No request waits longer than this, whatever timeout a frame asks for. */
  private static final Duration LONGEST_REQUEST = Duration.ofMinutes(5);

  private final Vertx vertx;
  private final FrameCodec codec = new FrameCodec();
  private final Map<ServerWebSocket, Link> open = new ConcurrentHashMap<>();
  private final Predicate<String> stillAdmitted;

  /**
   * @param stillAdmitted whether an agent name still holds its credential; asked every {@code revocationCheck} for
   *     every open link of an agent
   */
  public AgentLinks(Vertx vertx, CredentialCheck stillAdmitted, Duration revocationCheck) {
    this.vertx = vertx;
    this.stillAdmitted = name -> {
      try {
        return stillAdmitted.holds(name);
      } catch (IOException e) {
        LOG.warn("cannot read the agent credentials to check {}'s: {}; keeping its link", name, e.getMessage());
        return true;
      }
    };
    vertx.setPeriodic(revocationCheck.toMillis(), id -> closeRevoked());
  }

  /** Whether an agent name still holds a credential: the state folder's agent credentials answer it. */
  @FunctionalInterface
  public interface CredentialCheck {
    boolean holds(String name) throws IOException;
  }

  /** How many agents are linked now. */
  public int size() {
    return open.size();
  }

  /** Takes a link opened with the credential of agent {@code name}, authenticated already. */
  public void accept(String name, ServerWebSocket socket) {
    Link link = new Link(name, socket);
    open.put(socket, link);
    LOG.info("agent link of {} from {} opened", name, link.peer);
    socket.binaryMessageHandler(bytes -> receive(link, bytes));
    socket.textMessageHandler(text -> close(link, Frame.CLOSE_MALFORMED, "a tierbench link carries binary frames, not text"));
    socket.exceptionHandler(e -> LOG.debug("agent link of {} from {}: {}", name, link.peer, e.toString()));
    socket.closeHandler(v -> {
      open.remove(socket);
      LOG.info("agent link of {} from {} closed", name, link.peer);
    });
  }

  private void receive(Link link, Buffer bytes) {
    Frame frame;
    try {
      frame = codec.decode(bytes);
    } catch (IllegalArgumentException e) {
      close(link, Frame.CLOSE_MALFORMED, e.getMessage());
      return;
    }
    Object carried = frame instanceof Frame.Request asked ? asked.message()
        : frame instanceof Frame.Send told ? told.message() : null;
    if (carried instanceof FromAgent fromAgent && !fromAgent.agentId().equals(link.name)) {
      // Not a refusal to answer: a credential speaking for another agent is stolen or misused, so the link goes.
      close(link, Frame.CLOSE_WRONG_AGENT, "the credential of agent " + link.name + " spoke for agent "
          + printable(fromAgent.agentId()));
      return;
    }
    if (frame instanceof Frame.Request request) {
      String refusal = refusal(request.message());
      if (refusal != null) {
        reply(link, new Frame.Fail(request.id(), request.message() instanceof ProtocolMismatch
            ? FailureCodes.PROTOCOL_MISMATCH : FailureCodes.BAD_REQUEST, refusal));
        return;
      }
      long timeout = Math.min(request.timeoutMillis(), LONGEST_REQUEST.toMillis());
      vertx.eventBus().request(request.address(), request.message(), new DeliveryOptions().setSendTimeout(timeout))
          .onSuccess(answer -> reply(link, answer.body() instanceof WireMessage message
              ? new Frame.Reply(request.id(), message)
              : new Frame.Fail(request.id(), FailureCodes.UNAVAILABLE, "the coordinator answered no message")))
          .onFailure(e -> reply(link, failure(request.id(), e)));
    } else if (frame instanceof Frame.Send send) {
      String refusal = refusal(send.message());
      if (refusal == null) {
        vertx.eventBus().send(send.address(), send.message());
      } else {
        LOG.warn("dropped a message on {} from the link of {} ({}): {}", send.address(), link.name, link.peer, refusal);
      }
    } else {
      close(link, Frame.CLOSE_MALFORMED, "an agent sends requests and messages, not " + frame.getClass().getSimpleName()
          .toLowerCase(java.util.Locale.ROOT) + " frames");
    }
  }

  /** Why {@code message} may not pass, or null: an agent's own message, of this protocol version. */
  private static String refusal(Object message) {
    if (message instanceof ProtocolMismatch mismatch) {
      return mismatch.describe();
    }
    if (!(message instanceof FromAgent)) {
      return "an agent does not send " + message.getClass().getSimpleName();
    }
    return null;
  }

  /**
   * A claimed id as a log line and a close reason may hold it: its sender chose it, so anything but printable ASCII
   * is escaped (a lookalike letter shows as what it is) and it is cut short.
   */
  private static String printable(String id) {
    StringBuilder line = new StringBuilder("'");
    id.codePoints().limit(40).forEach(c -> line.append(c >= 0x20 && c < 0x7f ? Character.toString(c)
        : String.format(java.util.Locale.ROOT, "\\u%04x", c)));
    return line.append(id.codePointCount(0, id.length()) > 40 ? "...'" : "'").toString();
  }

  private static Frame.Fail failure(int id, Throwable e) {
    if (e instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case RECIPIENT_FAILURE -> new Frame.Fail(id, reply.failureCode(), reply.getMessage());
        case TIMEOUT -> new Frame.Fail(id, Frame.Fail.TIMEOUT, "the coordinator did not answer in time");
        default -> new Frame.Fail(id, Frame.Fail.NO_HANDLER, "no coordinator is running here");
      };
    }
    return new Frame.Fail(id, FailureCodes.UNAVAILABLE, String.valueOf(e.getMessage()));
  }

  private void reply(Link link, Frame frame) {
    if (!link.socket.isClosed()) {
      link.socket.writeBinaryMessage(codec.encode(frame));
    }
  }

  private void close(Link link, short code, String why) {
    LOG.warn("closed the agent link of {} from {}: {}", link.name, link.peer, why);
    link.socket.close(code, why.length() > 120 ? why.substring(0, 120) : why);
  }

  private void closeRevoked() {
    for (Link link : open.values()) {
      if (!stillAdmitted.test(link.name)) {
        close(link, Frame.CLOSE_REVOKED, "the credential of agent " + link.name + " was revoked");
      }
    }
  }

  /** One open link: the agent whose credential opened it (the only one it speaks for), and from where. */
  private record Link(String name, ServerWebSocket socket, String peer) {
    Link(String name, ServerWebSocket socket) {
      this(name, socket, String.valueOf(socket.remoteAddress()));
    }
  }
}
