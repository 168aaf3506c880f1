package dev.tierbench.common.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;

import org.HdrHistogram.Histogram;

/** A latency histogram (nanoseconds) in HdrHistogram's compressed encoding, as it travels and is stored. */
public record EncodedHistogram(byte[] bytes) {

  public EncodedHistogram {
    bytes = bytes.clone();
  }

  public static EncodedHistogram of(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer, Deflater.BEST_COMPRESSION);
    return new EncodedHistogram(Arrays.copyOf(buffer.array(), length));
  }

  /** @throws IllegalArgumentException if the bytes are not a compressed HdrHistogram */
  public Histogram decode() {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
    } catch (DataFormatException | RuntimeException e) {
      throw new IllegalArgumentException("not an encoded latency histogram: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedHistogram other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "EncodedHistogram[" + bytes.length + " bytes]";
  }
}
