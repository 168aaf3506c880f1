package dev.tierbench.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

/**
 * Whatever bytes arrive, decoding answers an object or one line of IllegalArgumentException, quickly, allocating
 * little more than the message's own size: a declared length is never taken on trust.
 */
class KryoMessageCodecFuzzTest {

  private static final KryoMessageCodec CODEC = new KryoMessageCodec();
  private static final List<byte[]> MESSAGES = ProtocolSamples.golden().values().stream().map(CODEC::encode).toList();
  private static final byte[] HEADER = {'T', 'B', 0, (byte) Protocol.VERSION};
  /** A five-byte varint of 2^31 - 1: the largest positive length, as Kryo writes lengths and string counts. */
  private static final byte[] MAX_VARINT = {-1, -1, -1, -1, 7};
  /** Kryo's class ids on the wire (registered id + 2): byte[], List.of(1, ...) and String. */
  private static final int BYTES = 44;
  private static final int LIST = 59;
  private static final int STRING = 3;
  /** Far above what a few-hundred-byte message needs; a trusted length of 2^31 needs 2 GiB. */
  private static final long MAX_ALLOCATED = 16L << 20;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Decodes {@code bytes}: an object or one line of refusal, in bounded time and allocation. */
  static void decodesOrRefusesInOneLine(byte[] bytes) {
    CODEC.decode(MESSAGES.get(0)); // warm: the codec's pooled Kryo is built once
    long thread = Thread.currentThread().getId();
    long allocatedBefore = THREADS.getThreadAllocatedBytes(thread);
    long start = System.nanoTime();
    try {
      CODEC.decode(bytes);
    } catch (IllegalArgumentException e) {
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    long allocated = THREADS.getThreadAllocatedBytes(thread) - allocatedBefore;
    assertTrue(allocated < MAX_ALLOCATED, allocated + " bytes allocated for a message of " + bytes.length);
    assertTrue(System.nanoTime() - start < 1_000_000_000L, "under a second");
  }

  private static String refusal(byte... body) {
    byte[] bytes = Arrays.copyOf(HEADER, HEADER.length + body.length);
    System.arraycopy(body, 0, bytes, HEADER.length, body.length);
    decodesOrRefusesInOneLine(bytes);
    return assertThrows(IllegalArgumentException.class, () -> CODEC.decode(bytes)).getMessage();
  }

  private static byte[] declared(int classId, byte... after) {
    byte[] body = new byte[1 + MAX_VARINT.length + after.length];
    body[0] = (byte) classId;
    System.arraycopy(MAX_VARINT, 0, body, 1, MAX_VARINT.length);
    System.arraycopy(after, 0, body, 1 + MAX_VARINT.length, after.length);
    return body;
  }

  @Test
  void aByteArrayOfTwoGigabytesIsRefusedBeforeItIsAllocated() {
    assertEquals("corrupt tierbench v" + Protocol.VERSION + " message: KryoException: a byte array of 2147483646"
        + " declared with only 3 bytes left", refusal(declared(BYTES, (byte) 1, (byte) 2, (byte) 3)));
  }

  @Test
  void aListOfTwoBillionElementsIsRefusedBeforeItIsAllocated() {
    assertEquals("corrupt tierbench v" + Protocol.VERSION + " message: KryoException: a list of 2147483647"
        + " declared with only 0 bytes left", refusal(declared(LIST)));
  }

  @Test
  void aStringOfTwoBillionCharactersIsRefusedBeforeItIsAllocated() {
    // The first byte's top bit marks UTF-8, its next bit a continuation: 0xFF starts the largest count.
    String message = refusal(declared(STRING, (byte) 'x'));
    assertTrue(message.contains("KryoException: a string of "), message);
  }

  @Test
  void listsNestedWithoutEndAreRefusedNotAStackOverflow() {
    byte[] body = new byte[20_000];
    for (int i = 0; i < body.length; i += 2) {
      body[i] = LIST;
      body[i + 1] = 1;
    }
    assertTrue(refusal(body).contains("KryoException: Max depth exceeded"), refusal(body));
  }

  @Test
  void aFrameDeclaringMoreThanItCarriesIsRefused() {
    Buffer frame = Buffer.buffer().appendInt(Integer.MAX_VALUE).appendBytes(MESSAGES.get(0));
    assertEquals("corrupt tierbench frame: a message of 2147483647 bytes declared with " + MESSAGES.get(0).length
        + " bytes left", assertThrows(IllegalArgumentException.class, () -> CODEC.decodeFromWire(0, frame))
        .getMessage());
  }

  /** 500 seeds, each flipping bytes, splicing in the largest length, and sending garbage: 1,500 inputs. */
  @Test
  void everyMutationDecodesOrIsRefusedInOneLine() {
    for (int seed = 0; seed < 500; seed++) {
      Random random = new Random(seed);
      byte[] message = MESSAGES.get(random.nextInt(MESSAGES.size()));
      byte[] flipped = message.clone();
      for (int i = random.nextInt(8); i >= 0; i--) {
        flipped[HEADER.length + random.nextInt(message.length - HEADER.length)] ^= (byte) (1 + random.nextInt(255));
      }
      // One byte (a one-byte length, often) replaced by the five of the largest length.
      int at = HEADER.length + random.nextInt(message.length - HEADER.length);
      byte[] spliced = Arrays.copyOf(message, message.length + MAX_VARINT.length - 1);
      System.arraycopy(MAX_VARINT, 0, spliced, at, MAX_VARINT.length);
      System.arraycopy(message, at + 1, spliced, at + MAX_VARINT.length, message.length - at - 1);
      byte[] garbage = Arrays.copyOf(HEADER, HEADER.length + random.nextInt(65));
      for (int i = HEADER.length; i < garbage.length; i++) {
        garbage[i] = (byte) random.nextInt(256);
      }
      for (byte[] bytes : List.of(flipped, spliced, garbage)) {
        int failedSeed = seed;
        try {
          decodesOrRefusesInOneLine(bytes);
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError("seed " + failedSeed + ": " + e, e);
        }
      }
    }
  }
}
