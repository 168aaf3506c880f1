package dev.tierbench.common.protocol;

import java.nio.charset.StandardCharsets;

import io.vertx.core.buffer.Buffer;

/**
 * Writes and reads {@link Frame}s: a kind byte, the request id, the address as its place in
 * {@link Addresses#ALL}, a request's timeout, then the {@link KryoMessageCodec} bytes of the message (or a failure's
 * code and text). Anything that is not a frame is refused in one line, in time and memory bounded by its length.
 */
public final class FrameCodec {

  private static final byte REQUEST = 1;
  private static final byte SEND = 2;
  private static final byte REPLY = 3;
  private static final byte FAIL = 4;
  /** A failure's text is for people: a few lines at most. */
  static final int MAX_FAILURE_BYTES = 4096;

  private final KryoMessageCodec messages;

  public FrameCodec() {
    this(new KryoMessageCodec());
  }

  FrameCodec(KryoMessageCodec messages) {
    this.messages = messages;
  }

  public Buffer encode(Frame frame) {
    Buffer out = Buffer.buffer(64);
    if (frame instanceof Frame.Request r) {
      out.appendByte(REQUEST).appendInt(r.id()).appendByte(address(r.address())).appendInt(r.timeoutMillis())
          .appendBytes(message(r.message()));
    } else if (frame instanceof Frame.Send s) {
      out.appendByte(SEND).appendByte(address(s.address())).appendBytes(message(s.message()));
    } else if (frame instanceof Frame.Reply r) {
      out.appendByte(REPLY).appendInt(r.id()).appendBytes(message(r.message()));
    } else if (frame instanceof Frame.Fail f) {
      byte[] text = f.message().getBytes(StandardCharsets.UTF_8);
      out.appendByte(FAIL).appendInt(f.id()).appendInt(f.code())
          .appendBytes(text, 0, Math.min(text.length, MAX_FAILURE_BYTES));
    }
    return out;
  }

  /**
   * @throws IllegalArgumentException in one line, for bytes that are not a frame of this protocol
   */
  public Frame decode(Buffer in) {
    int length = in.length();
    if (length < 1) {
      throw new IllegalArgumentException("not a tierbench frame: empty");
    }
    byte kind = in.getByte(0);
    return switch (kind) {
      case REQUEST -> {
        need(in, 10, "request");
        yield new Frame.Request(in.getInt(1), address(in.getByte(5)), in.getInt(6), message(in, 10));
      }
      case SEND -> {
        need(in, 2, "send");
        yield new Frame.Send(address(in.getByte(1)), message(in, 2));
      }
      case REPLY -> {
        need(in, 5, "reply");
        yield new Frame.Reply(in.getInt(1), message(in, 5));
      }
      case FAIL -> {
        need(in, 9, "failure");
        if (length - 9 > MAX_FAILURE_BYTES) {
          throw new IllegalArgumentException("not a tierbench frame: a failure text of " + (length - 9) + " bytes");
        }
        yield new Frame.Fail(in.getInt(1), in.getInt(5), in.getString(9, length, StandardCharsets.UTF_8.name()));
      }
      default -> throw new IllegalArgumentException("not a tierbench frame: kind " + kind);
    };
  }

  private static void need(Buffer in, int bytes, String kind) {
    if (in.length() < bytes) {
      throw new IllegalArgumentException("not a tierbench frame: a " + kind + " of " + in.length() + " bytes");
    }
  }

  private static byte address(String address) {
    return (byte) Addresses.ALL.indexOf(address);
  }

  private static String address(byte index) {
    if (index < 0 || index >= Addresses.ALL.size()) {
      throw new IllegalArgumentException("not a tierbench frame: address " + index);
    }
    return Addresses.ALL.get(index);
  }

  private byte[] message(Object message) {
    if (message instanceof ProtocolMismatch) {
      throw new IllegalArgumentException("a protocol mismatch is answered with a failure, never sent on");
    }
    return messages.encode((WireMessage) message);
  }

  private Object message(Buffer in, int from) {
    Object message = messages.decode(in.getBytes(from, in.length()));
    if (!(message instanceof WireMessage) && !(message instanceof ProtocolMismatch)) {
      throw new IllegalArgumentException("not a tierbench frame: it carries a " + message.getClass().getSimpleName());
    }
    return message;
  }
}
