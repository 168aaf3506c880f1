package dev.tierbench.agent.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The tensors' buffers every engine times with: direct, in the machine's byte order, handed out as views. */
final class Buffers {

  private Buffers() {}

  /** A zeroed buffer of {@code bytes}, outside the Java heap so that native code reads it in place. */
  static ByteBuffer direct(long bytes) {
    return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
  }

  /** An input's buffer to write the next query's data into, from position 0. */
  static ByteBuffer writable(ByteBuffer buffer) {
    return buffer.duplicate().order(ByteOrder.nativeOrder()).rewind();
  }

  /** An output's buffer to read, as the last query left it. */
  static ByteBuffer readOnly(ByteBuffer buffer) {
    return buffer.asReadOnlyBuffer().rewind().order(ByteOrder.nativeOrder());
  }
}
