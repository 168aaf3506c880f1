package dev.tierbench.common.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tierbench.common.stats.Histograms;
import io.vertx.core.buffer.Buffer;

class KryoMessageCodecTest {

  private final KryoMessageCodec codec = new KryoMessageCodec();

  private Object roundTrip(WireMessage message) {
    return codec.decode(codec.encode(message));
  }

  static Stream<Arguments> everyMessageType() {
    return ProtocolSamples.golden().entrySet().stream().map(e -> Arguments.of(e.getKey().getSimpleName(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyMessageType")
  void everyMessageTypeSurvivesARoundTrip(String type, WireMessage message) {
    Object decoded = roundTrip(message);
    assertEquals(message, decoded);
    assertEquals(message.getClass(), decoded.getClass());
    assertNotSame(message, decoded);
  }

  @Test
  void theSamplesCoverEveryPermittedMessageType() {
    List<Class<?>> permitted = Arrays.asList(WireMessage.class.getPermittedSubclasses());
    assertEquals(permitted, List.copyOf(ProtocolSamples.golden().keySet()));
  }

  @Test
  void everyClassAMessageHoldsIsRegistered() {
    // A record component of an unregistered type would fail only at run time, on the first send.
    List<Class<?>> missing = new ArrayList<>();
    List<Class<?>> toVisit = new ArrayList<>(Arrays.asList(WireMessage.class.getPermittedSubclasses()));
    while (!toVisit.isEmpty()) {
      Class<?> type = toVisit.remove(toVisit.size() - 1);
      if (!Protocol.CLASSES.contains(type) && !missing.contains(type)) {
        missing.add(type);
      }
      if (type.isRecord()) {
        for (var component : type.getRecordComponents()) {
          Class<?> c = component.getType();
          if (c.isRecord() || c.isEnum() || c == Duration.class || c == byte[].class) {
            toVisit.add(c);
          }
        }
      }
    }
    assertEquals(List.of(), missing);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void agentInfoWithZeroOneOrThreeLabelsSurvives(int labelCount) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < labelCount; i++) {
      labels.put("key" + i, "value" + i);
    }
    AgentInfo agent = ProtocolSamples.agent(labels);
    Register register = new Register(Protocol.VERSION, agent);

    Register decoded = assertInstanceOf(Register.class, roundTrip(register));

    assertEquals(register, decoded);
    assertEquals(labels, decoded.agent().labels());
    assertEquals(ProtocolSamples.engines(), decoded.agent().engines());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void agentInfoWithAnyNumberOfEnginesSurvives(int engineCount) {
    List<EngineInfo> engines = new ArrayList<>();
    for (int i = 0; i < engineCount; i++) {
      engines.add(EngineInfo.running(Engine.values()[i % Engine.values().length], "1." + i));
    }
    AgentInfo agent = new AgentInfo("a", "t", "h", "os", "arch", 1, 0, "jvm", engines, Map.of("k", "v"));
    Register decoded = assertInstanceOf(Register.class, roundTrip(new Register(1, agent)));
    assertEquals(engines, decoded.agent().engines());
  }

  @Test
  void anAgentWithOrWithoutACalibrationSurvives() {
    AgentInfo calibrated = ProtocolSamples.agent(Map.of());
    AgentInfo uncalibrated = new AgentInfo("a", "t", "h", "os", "arch", 1, 0, "jvm", List.of(), Map.of());
    Register withFigures = assertInstanceOf(Register.class, roundTrip(new Register(1, calibrated)));
    Register without = assertInstanceOf(Register.class, roundTrip(new Register(1, uncalibrated)));
    assertEquals(ProtocolSamples.calibration(), withFigures.agent().calibration());
    assertNull(without.agent().calibration(), "an agent that measured none reads back as not calibrated");
  }

  @Test
  void aMeasurementWithARealHistogramSurvivesAndStillDecodes() {
    Histogram histogram = Histograms.create();
    Random random = new Random(1);
    for (int i = 0; i < 5_000; i++) {
      histogram.recordValue(100_000 + (long) (random.nextGaussian() * 5_000 + 5_000));
    }
    histogram.recordValue(9_000_000); // an outlier, far up the range
    TaskResult result = new TaskResult("task", "lease", "agent", "host", "edge", ProtocolSamples.SHA,
        ProtocolSamples.measurement(EncodedHistogram.of(histogram)));

    TaskResult decoded = assertInstanceOf(TaskResult.class, roundTrip(result));

    assertEquals(result, decoded);
    Histogram back = decoded.measurement().latency().decode();
    assertEquals(histogram.getTotalCount(), back.getTotalCount());
    assertEquals(histogram.getValueAtPercentile(50), back.getValueAtPercentile(50));
    assertEquals(histogram.getValueAtPercentile(99), back.getValueAtPercentile(99));
    assertEquals(histogram.getMaxValue(), back.getMaxValue());
  }

  @Test
  void aTaskAssignmentKeepsItsNestedTaskSpec() {
    TaskAssignment assignment = new TaskAssignment("lease-1", ProtocolSamples.task());
    TaskAssignment decoded = assertInstanceOf(TaskAssignment.class, roundTrip(assignment));
    assertEquals(ProtocolSamples.task(), decoded.task());
    assertEquals(Duration.ofMillis(1500), decoded.task().measure().minDuration());
    assertEquals(ProtocolSamples.SHA, decoded.task().model().sha256());
  }

  @Test
  void aHeartbeatOfAnIdleAgentHasNoLease() {
    Heartbeat idle = new Heartbeat("agent", null, 123, 0);
    Heartbeat decoded = assertInstanceOf(Heartbeat.class, roundTrip(idle));
    assertNull(decoded.leaseId());
    assertEquals(idle, decoded);
  }

  @Test
  void optionalTextsMayBeNull() {
    assertEquals(new Ack(true, null), roundTrip(new Ack(true, null)));
    assertEquals(new NoWork(null), roundTrip(new NoWork(null)));
    assertEquals(new Leave("a", null), roundTrip(new Leave("a", null)));
  }

  @Test
  void everyPhaseSurvives() {
    for (Phase phase : Phase.values()) {
      Progress progress = new Progress("a", "l", "t", phase, 0, 0);
      assertEquals(progress, roundTrip(progress));
    }
  }

  @Test
  void unicodeAndExtremeNumbersSurvive() {
    AgentInfo agent = new AgentInfo("agent-π", "edge-ü", "host 名", "", "", Integer.MAX_VALUE, Long.MAX_VALUE, "",
        List.of(EngineInfo.running(Engine.TFLITE, "ëngine 名")), Map.of("emoji", "\uD83D\uDE80", "", "empty key"));
    Heartbeat heartbeat = new Heartbeat("a", "l", Long.MIN_VALUE, Long.MAX_VALUE);
    assertEquals(new Register(Integer.MIN_VALUE, agent), roundTrip(new Register(Integer.MIN_VALUE, agent)));
    assertEquals(heartbeat, roundTrip(heartbeat));
  }

  @Test
  void theEncodingStartsWithMagicAndBigEndianVersion() {
    byte[] bytes = codec.encode(new HeartbeatAck(true, true));
    assertEquals('T', bytes[0]);
    assertEquals('B', bytes[1]);
    assertEquals(Protocol.VERSION, ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff));
    byte[] v258 = new KryoMessageCodec(258).encode(new HeartbeatAck(true, true));
    assertEquals(1, v258[2]);
    assertEquals(2, v258[3]);
  }

  @Test
  void aMessageFromAnotherVersionDecodesToAMismatchNamingBothVersions() {
    byte[] fromNext = new KryoMessageCodec(Protocol.VERSION + 1).encode(new LeaseRequest("agent"));

    ProtocolMismatch mismatch = assertInstanceOf(ProtocolMismatch.class, codec.decode(fromNext));

    assertEquals(Protocol.VERSION + 1, mismatch.remoteVersion());
    assertEquals(Protocol.VERSION, mismatch.localVersion());
    String text = mismatch.describe();
    assertTrue(text.contains("v" + (Protocol.VERSION + 1)), text);
    assertTrue(text.contains("v" + Protocol.VERSION), text);
    assertTrue(text.contains("protocol mismatch"), text);
  }

  @Test
  void anOldCodecRefusesANewMessageToo() {
    byte[] current = codec.encode(new LeaseRequest("agent"));
    ProtocolMismatch mismatch = assertInstanceOf(ProtocolMismatch.class, new KryoMessageCodec(0).decode(current));
    assertEquals(new ProtocolMismatch(Protocol.VERSION, 0), mismatch);
  }

  @Test
  void bytesThatAreNotATierbenchMessageAreRefused() {
    byte[] garbage = "GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(garbage));
    assertTrue(e.getMessage().startsWith("not a tierbench message (16 bytes, starting [71, 69, 84, 32])"),
        e.getMessage());
  }

  @Test
  void tooShortAndEmptyInputsAreRefused() {
    for (byte[] bytes : List.of(new byte[0], new byte[] {'T'}, new byte[] {'T', 'B'}, new byte[] {'T', 'B', 0})) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(bytes));
      assertTrue(e.getMessage().startsWith("not a tierbench message (" + bytes.length + " bytes"), e.getMessage());
    }
  }

  @Test
  void aRightHeaderFollowedByGarbageIsCorrupt() {
    byte[] bytes = {'T', 'B', 0, (byte) Protocol.VERSION, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 1, 2, 3};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(bytes));
    assertTrue(e.getMessage().startsWith("corrupt tierbench v" + Protocol.VERSION + " message: "), e.getMessage());
  }

  @Test
  void aHeaderWithNothingAfterItIsCorrupt() {
    byte[] bytes = {'T', 'B', 0, (byte) Protocol.VERSION};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(bytes));
    assertTrue(e.getMessage().startsWith("corrupt tierbench v" + Protocol.VERSION + " message"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyMessageType")
  void everyTruncationOfAMessageIsRefused(String type, WireMessage message) {
    byte[] whole = codec.encode(message);
    for (int length = 0; length < whole.length; length++) {
      byte[] prefix = Arrays.copyOf(whole, length);
      int cut = length;
      assertThrows(IllegalArgumentException.class, () -> codec.decode(prefix),
          () -> type + " cut to " + cut + " of " + whole.length + " bytes was accepted");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyMessageType")
  void everySingleByteCorruptionDecodesToSomethingOrFailsWithIllegalArgument(String type, WireMessage message) {
    // Whatever arrives, decode may only answer with an object or IllegalArgumentException. A set high bit can end
    // a Kryo ASCII string early and turn the next bytes into a length of up to 2^31, refused before it is allocated
    // (BoundedInput). See below for a length made negative.
    byte[] whole = codec.encode(message);
    int[] replacements = {0x00, 0x01, 0x02, 0x3f, 0x40, 0x7f, 0x80, 0xc0, 0xff};
    for (int position = 4; position < whole.length; position++) {
      for (int replacement : replacements) {
        byte[] corrupt = whole.clone();
        corrupt[position] = (byte) replacement;
        try {
          codec.decode(corrupt);
        } catch (IllegalArgumentException expected) {
          // fine
        } catch (RuntimeException e) {
          throw new AssertionError(type + " with byte " + position + " set to " + replacement + " gave " + e, e);
        }
      }
    }
  }

  @Test
  void aNegativeHistogramLengthIsCorruptNotACrash() {
    byte[] whole = codec.encode(ProtocolSamples.golden().get(TaskResult.class));
    byte[] histogram = ProtocolSamples.FIXED_HISTOGRAM.bytes();
    int start = indexOf(whole, histogram);
    assertEquals(histogram.length + 1, whole[start - 1], "Kryo writes a byte[] length as length + 1");
    // Replace the one-byte length with a five-byte varint of 0xFFFFFFFE: a negative length.
    byte[] corrupt = new byte[whole.length + 4];
    System.arraycopy(whole, 0, corrupt, 0, start - 1);
    System.arraycopy(new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, 0, corrupt, start - 1, 5);
    System.arraycopy(whole, start, corrupt, start + 4, whole.length - start);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(corrupt));
    assertTrue(e.getMessage().startsWith("corrupt tierbench v" + Protocol.VERSION + " message"), e.getMessage());
  }

  @Test
  void aTopLevelByteArrayWithANegativeLengthIsCorruptNotACrash() {
    // Found by fuzzing: class id 44 is byte[] (registered id 42, written + 2), then a five-byte negative length.
    // Outside a record nothing wrapped Kryo's NegativeArraySizeException.
    byte[] bytes = {'T', 'B', 0, (byte) Protocol.VERSION, 44, (byte) 0xe0, (byte) 0xcb, (byte) 0x8a, (byte) 0xb0, (byte) 0xdc};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode(bytes));
    assertTrue(e.getMessage().startsWith("corrupt tierbench v" + Protocol.VERSION + " message"), e.getMessage());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  @Test
  void equalMessagesWithMapsBuiltInDifferentOrdersEncodeIdentically() {
    Map<String, String> forward = new LinkedHashMap<>();
    Map<String, String> backward = new LinkedHashMap<>();
    Map<String, String> hashed = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      forward.put("label-" + i, "v" + i);
      hashed.put("label-" + i, "v" + i);
    }
    for (int i = 39; i >= 0; i--) {
      backward.put("label-" + i, "v" + i);
    }
    Register a = new Register(1, ProtocolSamples.agent(forward));
    Register b = new Register(1, ProtocolSamples.agent(backward));
    Register c = new Register(1, ProtocolSamples.agent(hashed));
    assertEquals(a, b);

    assertArrayEquals(codec.encode(a), codec.encode(b));
    assertArrayEquals(codec.encode(a), codec.encode(c));
  }

  @Test
  void encodingIsDeterministicAcrossCodecInstances() {
    for (WireMessage message : ProtocolSamples.golden().values()) {
      assertArrayEquals(codec.encode(message), new KryoMessageCodec().encode(message), message.getClass().getName());
    }
  }

  @Test
  void theEventBusWireFormIsALengthPrefixedEncoding() {
    WireMessage message = ProtocolSamples.golden().get(TaskResult.class);
    Buffer buffer = Buffer.buffer().appendString("prefix");

    codec.encodeToWire(buffer, message);

    byte[] encoded = codec.encode(message);
    assertEquals(encoded.length, buffer.getInt(6));
    assertEquals(6 + 4 + encoded.length, buffer.length());
    assertEquals(message, codec.decodeFromWire(6, buffer));
  }

  @Test
  void localDeliveryPassesTheSameInstance() {
    WireMessage message = new LeaseRequest("a");
    assertTrue(codec.transform(message) == message);
    assertEquals(KryoMessageCodec.NAME, codec.name());
    assertEquals(-1, codec.systemCodecID());
  }

  @Test
  void theCodecCanBeUsedFromManyThreads() throws Exception {
    List<WireMessage> messages = List.copyOf(ProtocolSamples.golden().values());
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 2_000; i++) {
          WireMessage m = messages.get(i % messages.size());
          try {
            if (!m.equals(roundTrip(m))) {
              failures.add(new AssertionError("round trip differs for " + m));
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(List.of(), failures);
  }
}
