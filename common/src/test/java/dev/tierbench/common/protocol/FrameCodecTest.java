package dev.tierbench.common.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.vertx.core.buffer.Buffer;

/**
 * The dial-out link's envelope: every kind of frame survives a round trip, its bytes match committed golden
 * fixtures (a change shows, as for messages: see {@link ProtocolGoldenTest}), and anything else is refused in one
 * line.
 */
class FrameCodecTest {

  private static final Path SOURCE_FOLDER = Path.of("src", "test", "resources", "golden", "frame");
  private final FrameCodec codec = new FrameCodec();

  static Map<String, Frame> samples() {
    Map<String, WireMessage> messages = ProtocolSamples.golden().entrySet().stream().collect(LinkedHashMap::new,
        (m, e) -> m.put(e.getKey().getSimpleName(), e.getValue()), Map::putAll);
    Map<String, Frame> frames = new LinkedHashMap<>();
    frames.put("Request", new Frame.Request(7, Addresses.LEASE, 10_000, messages.get("LeaseRequest")));
    frames.put("Send", new Frame.Send(Addresses.TELEMETRY, messages.get("Telemetry")));
    frames.put("Reply", new Frame.Reply(7, messages.get("TaskAssignment")));
    frames.put("Fail", new Frame.Fail(8, FailureCodes.UNKNOWN_AGENT, "agent pi-01 is not registered"));
    return frames;
  }

  @Test
  void everyKindOfFrameSurvivesARoundTrip() {
    for (WireMessage message : ProtocolSamples.golden().values()) {
      for (Frame frame : new Frame[] {new Frame.Request(Integer.MAX_VALUE, Addresses.RESULT, 1, message),
          new Frame.Send(Addresses.PROGRESS, message), new Frame.Reply(-3, message)}) {
        assertEquals(frame, codec.decode(codec.encode(frame)), frame.toString());
      }
    }
    Frame.Fail fail = new Frame.Fail(1, Frame.Fail.TIMEOUT, "no answer in 10 s: é");
    assertEquals(fail, codec.decode(codec.encode(fail)));
    assertFalse(fail.refused());
  }

  @Test
  void framesMatchTheirGoldenFixtures() throws IOException {
    for (Map.Entry<String, Frame> sample : samples().entrySet()) {
      byte[] encoded = codec.encode(sample.getValue()).getBytes();
      if (Boolean.getBoolean(ProtocolGoldenTest.UPDATE_PROPERTY)) {
        Files.createDirectories(SOURCE_FOLDER);
        Files.write(SOURCE_FOLDER.resolve(sample.getKey() + ".bin"), encoded);
        continue;
      }
      byte[] golden;
      try (InputStream in = getClass().getClassLoader().getResourceAsStream("golden/frame/" + sample.getKey() + ".bin")) {
        assertNotNull(in, "no golden fixture for a " + sample.getKey() + " frame; regenerate as ProtocolGoldenTest says");
        golden = in.readAllBytes();
      }
      assertArrayEquals(golden, encoded, () -> sample.getKey() + " frame encodes differently from its fixture:\n  golden "
          + HexFormat.of().formatHex(golden) + "\n  now    " + HexFormat.of().formatHex(encoded));
      assertEquals(sample.getValue(), codec.decode(Buffer.buffer(golden)));
    }
  }

  /** Agents of every version tell a link's ends apart by these numbers: they are wire format, like the fixtures. */
  @Test
  void closeCodesAreFixed() {
    assertEquals(List.of(4001, 4002, 4003), List.of((int) Frame.CLOSE_REVOKED, (int) Frame.CLOSE_MALFORMED,
        (int) Frame.CLOSE_WRONG_AGENT));
  }

  @Test
  void aMessageOfAnotherVersionArrivesAsAMismatchToRefuseByName() {
    Buffer other = Buffer.buffer().appendByte((byte) 2).appendByte((byte) Addresses.ALL.indexOf(Addresses.HEARTBEAT))
        .appendBytes(new KryoMessageCodec(Protocol.VERSION + 1).encode(new LeaseRequest("pi")));
    Frame.Send send = assertInstanceOf(Frame.Send.class, codec.decode(other));
    assertEquals(new ProtocolMismatch(Protocol.VERSION + 1, Protocol.VERSION), send.message());
    assertThrows(IllegalArgumentException.class, () -> codec.encode(send), "a mismatch is never sent on");
  }

  @Test
  void refusalsNameWhatIsWrong() {
    assertEquals("not a tierbench frame: empty", refusal(Buffer.buffer()));
    assertEquals("not a tierbench frame: kind 9", refusal(Buffer.buffer().appendByte((byte) 9)));
    assertEquals("not a tierbench frame: a request of 4 bytes", refusal(Buffer.buffer(new byte[] {1, 0, 0, 0})));
    assertEquals("not a tierbench frame: address 12", refusal(Buffer.buffer(new byte[] {2, 12, 'T', 'B'})));
    Buffer zeroTimeout = codec.encode(new Frame.Request(1, Addresses.LEASE, 1, new LeaseRequest("pi"))).setInt(6, 0);
    assertEquals("a request's timeout must be positive, got 0 ms", refusal(zeroTimeout));
    Buffer longFailure = Buffer.buffer().appendByte((byte) 4).appendInt(1).appendInt(400)
        .appendBytes(new byte[FrameCodec.MAX_FAILURE_BYTES + 1]);
    assertTrue(refusal(longFailure).contains("a failure text of 4097 bytes"));
  }

  /** Garbage of every shape, from seeded mutations of real frames: a frame or one line, never anything else. */
  @Test
  void garbageIsAFrameOrOneLineOfRefusal() {
    Random random = new Random(13);
    byte[][] real = samples().values().stream().map(f -> codec.encode(f).getBytes()).toArray(byte[][]::new);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = real[random.nextInt(real.length)].clone();
      int mutations = 1 + random.nextInt(4);
      for (int m = 0; m < mutations; m++) {
        switch (random.nextInt(3)) {
          case 0 -> {
            if (bytes.length > 0) {
              bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
            }
          }
          case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
          default -> {
            byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + random.nextInt(16));
            for (int b = bytes.length; b < longer.length; b++) {
              longer[b] = (byte) random.nextInt();
            }
            bytes = longer;
          }
        }
      }
      try {
        assertNotNull(codec.decode(Buffer.buffer(bytes)));
      } catch (IllegalArgumentException e) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
      }
    }
  }

  private String refusal(Buffer bytes) {
    return assertThrows(IllegalArgumentException.class, () -> codec.decode(bytes)).getMessage();
  }
}
