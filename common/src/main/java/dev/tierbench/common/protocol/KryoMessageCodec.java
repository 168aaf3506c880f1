package dev.tierbench.common.protocol;

import java.util.Arrays;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * The event-bus codec for every {@link WireMessage}. Encoded form: {@code 'T' 'B'}, the protocol version
 * (2 bytes), then the Kryo bytes. A message of another version decodes to a {@link ProtocolMismatch}
 * instead of garbage, so the receiver can refuse it by name.
 */
public final class KryoMessageCodec implements MessageCodec<WireMessage, Object> {

  public static final String NAME = "tierbench";

  private static final byte MAGIC_0 = 'T';
  private static final byte MAGIC_1 = 'B';
  private static final int HEADER = 4;

  private final int version;
  private final Pool<Kryo> kryos = new Pool<>(true, false, 16) {
    @Override
    protected Kryo create() {
      return Protocol.newKryo();
    }
  };

  public KryoMessageCodec() {
    this(Protocol.VERSION);
  }

  /** A codec speaking another version: only tests need one, to see how a mismatch is refused. */
  KryoMessageCodec(int version) {
    this.version = version;
  }

  /** Registers this codec and makes it the one used for every {@link WireMessage} sent on {@code bus}. */
  public static void install(EventBus bus) {
    install(bus, new KryoMessageCodec());
  }

  static void install(EventBus bus, KryoMessageCodec codec) {
    bus.registerCodec(codec);
    bus.codecSelector(body -> body instanceof WireMessage ? NAME : null);
  }

  public byte[] encode(WireMessage message) {
    Kryo kryo = kryos.obtain();
    try (Output output = new Output(256, -1)) {
      output.writeByte(MAGIC_0);
      output.writeByte(MAGIC_1);
      // Big-endian by hand: Kryo's own writeShort is little-endian, and the header must not depend on Kryo.
      output.writeByte(version >>> 8);
      output.writeByte(version);
      kryo.writeClassAndObject(output, message);
      return output.toBytes();
    } finally {
      kryos.free(kryo);
    }
  }

  /**
   * @return the {@link WireMessage}, or a {@link ProtocolMismatch} when the sender's version differs
   * @throws IllegalArgumentException if the bytes are not a tierbench message at all
   */
  public Object decode(byte[] bytes) {
    if (bytes.length < HEADER || bytes[0] != MAGIC_0 || bytes[1] != MAGIC_1) {
      throw new IllegalArgumentException("not a tierbench message (" + bytes.length + " bytes, starting "
          + Arrays.toString(Arrays.copyOf(bytes, Math.min(4, bytes.length))) + ")");
    }
    int remote = ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
    if (remote != version) {
      return new ProtocolMismatch(remote, version);
    }
    Kryo kryo = kryos.obtain();
    try (Input input = new BoundedInput(bytes, HEADER, bytes.length - HEADER)) {
      return kryo.readClassAndObject(input);
    } catch (RuntimeException e) {
      // Corrupt bytes surface as KryoException, but also as NegativeArraySizeException (a negative byte[] length)
      // and others: callers are promised IllegalArgumentException, of one line (Kryo appends its trace on more).
      String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new IllegalArgumentException("corrupt tierbench v" + version + " message: " + e.getClass().getSimpleName()
          + (message.isEmpty() ? "" : ": " + message), e);
    } finally {
      kryos.free(kryo);
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, WireMessage message) {
    byte[] bytes = encode(message);
    buffer.appendInt(bytes.length).appendBytes(bytes);
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    if (length < 0 || length > buffer.length() - pos - 4) {
      throw new IllegalArgumentException("corrupt tierbench frame: a message of " + length + " bytes declared with "
          + (buffer.length() - pos - 4) + " bytes left");
    }
    return decode(buffer.getBytes(pos + 4, pos + 4 + length));
  }

  /** Records are immutable: a local delivery can share the instance. */
  @Override
  public Object transform(WireMessage message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
