package dev.tierbench.common.protocol;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * A Kryo input over one received message that refuses a declared length before allocating for it. Kryo sizes
 * arrays, strings and collections from the length the bytes declare, so a corrupt or hostile length of 2^31 asks
 * for gigabytes before the first element is read. Every element takes at least one byte (a float four), so a
 * length larger than the bytes left cannot be right: it is refused, and memory stays bounded by the message size.
 */
final class BoundedInput extends Input {

  BoundedInput(byte[] bytes, int offset, int count) {
    super(bytes, offset, count);
  }

  /** Checks that {@code count} elements of at least {@code bytesEach} bytes can follow. */
  void fits(long count, int bytesEach, String what) {
    long left = limit - position;
    if (count < 0 || count * bytesEach > left) {
      throw new KryoException(what + " of " + count + " declared with only " + left + " bytes left");
    }
  }

  @Override
  public byte[] readBytes(int length) {
    fits(length, 1, "a byte array");
    return super.readBytes(length);
  }

  @Override
  public int[] readInts(int length, boolean optimizePositive) {
    fits(length, 1, "an int array");
    return super.readInts(length, optimizePositive);
  }

  @Override
  public float[] readFloats(int length) {
    fits(length, 4, "a float array");
    return super.readFloats(length);
  }

  /**
   * Kryo reads a UTF-8 string's character count + 1 through this (0 for null) and sizes its char buffer from it.
   */
  @Override
  public int readVarIntFlag(boolean optimizePositive) {
    int countPlusOne = super.readVarIntFlag(optimizePositive);
    if (countPlusOne > 1) {
      fits(countPlusOne - 1L, 1, "a string");
    }
    return countPlusOne;
  }
}
