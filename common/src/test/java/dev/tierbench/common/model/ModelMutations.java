package dev.tierbench.common.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mutations of a model file's bytes, the ways a careless copy or a hostile hand changes them: cut short,
 * bytes flipped, a 32-bit word (an offset, a length, a dimension) set to an extreme, a span copied elsewhere. The
 * same seed gives the same bytes, so a failure names the input it failed on.
 */
final class ModelMutations {

  /** The values a crafted offset or length takes: zero, the sign bit, the extremes, near a file's end. */
  private static final int[] EXTREMES = {0, 1, -1, 4, 0x7FFFFFFF, 0x7FFFFFF0, 0x80000000, 0x10000000, 0xFFFF,
      0x8000, 65_536, 3_000, 53_936};
  /** Far above what reading the biggest model here takes (under 100 ms). */
  private static final long MAX_NANOS = 2_000_000_000L;

  private final Random random;

  ModelMutations(long seed) {
    random = new Random(seed);
  }

  byte[] truncated(byte[] bytes) {
    return Arrays.copyOf(bytes, random.nextInt(bytes.length));
  }

  /** One to eight bytes flipped by a non-zero mask. */
  byte[] flipped(byte[] bytes) {
    byte[] copy = bytes.clone();
    for (int i = random.nextInt(8); i >= 0; i--) {
      copy[random.nextInt(copy.length)] ^= (byte) (1 + random.nextInt(255));
    }
    return copy;
  }

  /** An aligned little-endian word set to an extreme, give or take 4: offsets, lengths and dimensions are words. */
  byte[] wordSet(byte[] bytes) {
    byte[] copy = bytes.clone();
    int at = 4 * random.nextInt(copy.length / 4);
    int value = EXTREMES[random.nextInt(EXTREMES.length)] + random.nextInt(9) - 4;
    for (int i = 0; i < 4; i++) {
      copy[at + i] = (byte) (value >>> (8 * i));
    }
    return copy;
  }

  /** Up to 256 bytes copied over another place. */
  byte[] spanCopied(byte[] bytes) {
    byte[] copy = bytes.clone();
    int from = random.nextInt(bytes.length);
    int to = random.nextInt(bytes.length);
    int length = random.nextInt(1 + Math.min(256, bytes.length - Math.max(from, to)));
    System.arraycopy(bytes, from, copy, to, length);
    return copy;
  }

  /** {@code inserted} written over one byte at a random place. */
  byte[] spliced(byte[] bytes, byte[] inserted) {
    int at = random.nextInt(bytes.length);
    byte[] copy = Arrays.copyOf(bytes, bytes.length + inserted.length - 1);
    System.arraycopy(inserted, 0, copy, at, inserted.length);
    System.arraycopy(bytes, at + 1, copy, at + inserted.length, bytes.length - at - 1);
    return copy;
  }

  /**
   * {@code read} of a file called {@code name} either succeeds or throws a {@link ModelFormatException} of one line
   * naming the file, never another exception, and ends in bounded time.
   */
  static void readsOrRefusesInOneLine(String name, Runnable read) {
    long start = System.nanoTime();
    try {
      read.run();
    } catch (ModelFormatException e) {
      assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    long nanos = System.nanoTime() - start;
    assertTrue(nanos < MAX_NANOS, "took " + nanos / 1_000_000 + " ms");
  }
}
