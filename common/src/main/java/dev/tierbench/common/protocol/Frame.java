package dev.tierbench.common.protocol;

/**
 * What travels on an agent's dial-out link, one per WebSocket message: the event bus's request, send, reply and
 * failure, carried over one connection the agent opened. The messages inside are the protocol's own
 * {@link WireMessage}s, encoded by {@link KryoMessageCodec}; {@link FrameCodec} writes the envelope. As on the
 * event bus, a message from another protocol version arrives as a {@link ProtocolMismatch}, to be refused by name.
 */
public sealed interface Frame {

  /** Where the coordinator's HTTPS port takes links. */
  String LINK_PATH = "/agents/link";

  /** WebSocket close codes of a link (4000-4999 are the application's): the agent tells them apart. */
  short CLOSE_REVOKED = 4001;
  short CLOSE_MALFORMED = 4002;
  /** A message spoke for an agent other than the one whose credential opened the link. */
  short CLOSE_WRONG_AGENT = 4003;

  /** Asks {@code address} and waits up to {@code timeoutMillis} for a {@link Reply} or {@link Fail} of the same id. */
  record Request(int id, String address, int timeoutMillis, Object message) implements Frame {
    public Request {
      checkAddress(address);
      if (timeoutMillis < 1) {
        throw new IllegalArgumentException("a request's timeout must be positive, got " + timeoutMillis + " ms");
      }
      checkMessage(message);
    }
  }

  /** Tells {@code address}, expecting no answer. */
  record Send(String address, Object message) implements Frame {
    public Send {
      checkAddress(address);
      checkMessage(message);
    }
  }

  /** The answer to request {@code id}. */
  record Reply(int id, Object message) implements Frame {
    public Reply {
      checkMessage(message);
    }
  }

  /**
   * Request {@code id} failed: refused by the coordinator with a {@link FailureCodes} code, or, with a negative
   * code ({@link #NO_HANDLER}, {@link #TIMEOUT}), not answered at all.
   */
  record Fail(int id, int code, String message) implements Frame {
    public static final int NO_HANDLER = -1;
    public static final int TIMEOUT = -2;

    public Fail {
      message = message == null ? "" : message;
    }

    /** Whether the coordinator answered, refusing; else nothing answered. */
    public boolean refused() {
      return code >= 0;
    }
  }

  private static void checkMessage(Object message) {
    if (!(message instanceof WireMessage) && !(message instanceof ProtocolMismatch)) {
      throw new IllegalArgumentException("a frame carries a tierbench message, not "
          + (message == null ? "nothing" : message.getClass().getSimpleName()));
    }
  }

  private static void checkAddress(String address) {
    if (!Addresses.ALL.contains(address)) {
      throw new IllegalArgumentException("not a tierbench address: " + address);
    }
  }
}
