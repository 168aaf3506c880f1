package dev.tierbench.agent.runtime;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The deterministic inputs every engine times with, so that engines are compared on the same data: uniform floats
 * in [0, 1) for float32, uniform bytes for int8 and uint8; other integer inputs (token ids) stay zero, which every
 * embedding accepts.
 */
final class Inputs {

  private static final long SEED = 0x7e57_da7aL;

  private Inputs() {}

  /** A source of input values; one per loaded model, filling its inputs in order. */
  static SplittableRandom random() {
    return new SplittableRandom(SEED);
  }

  /** Fills a zeroed direct buffer whose elements are of {@code type} (a {@link TensorInfo} type name). */
  static void fill(ByteBuffer buffer, String type, SplittableRandom random) {
    switch (type) {
      case "float32" -> {
        while (buffer.remaining() >= 4) {
          buffer.putFloat((float) random.nextDouble());
        }
      }
      case "int8", "uint8" -> {
        while (buffer.hasRemaining()) {
          buffer.put((byte) random.nextInt(256));
        }
      }
      default -> {
        // zero-filled by allocateDirect
      }
    }
    buffer.rewind();
  }
}
