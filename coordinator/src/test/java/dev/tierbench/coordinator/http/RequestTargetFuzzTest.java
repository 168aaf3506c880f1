package dev.tierbench.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.coordinator.MeasuredRun;

/**
 * Request targets java.net.http refuses to send, sent as raw bytes to a coordinator serving a real measured run:
 * malformed percent-escapes, escapes of bytes that are not UTF-8, raw bytes no URI holds, and seeded byte-level
 * mutations of valid targets. Each is answered, never 5xx, and every error is JSON with a one-line "error",
 * except the HTTP codec's own 400 (no body) for a request line it cannot parse. The read timeout only keeps a
 * server that never answers from hanging the test. Seeded: a failure names the target, the same seed makes it again.
 */
class RequestTargetFuzzTest {

  private static final Duration SAFETY_NET = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TRIES = 1_000;
  private static final long SEED = 15;
  /** Valid targets the mutations start from: each answered 200 or with a JSON error. */
  private static final List<String> VALID = List.of("/api/runs/measured/report?draws=5&objectives=p50_ms,throughput",
      "/api/runs/measured/recommend?maximize=throughput&where=p99_ms%20%3C%3D%201000&draws=5",
      "/api/runs/%6D%65asured/trials", "/api/runs/measured/frontier?tier=edge&draws=3", "/models/%E2%80%AE",
      "/api/status?x=%41", "/health");
  /** Bytes a mutation favours: escapes' parts, bytes that are not ASCII, controls, a query's separators. */
  private static final byte[] FAVOURED = {'%', '%', 'z', '0', 'F', 'a', (byte) 0xE0, (byte) 0xA4, (byte) 0xFF,
      (byte) 0x80, (byte) 0xC0, 0, '\t', '\r', '\n', ' ', 0x7f, '?', '&', '=', '/', '#', '+', '.'};

  private static int port;

  @BeforeAll
  static void coordinator() {
    port = URI.create(MeasuredRun.get().url()).getPort();
  }

  private static RawHttp.Answer get(byte[] target) throws Exception {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    line.write("GET ".getBytes(StandardCharsets.US_ASCII));
    line.write(target);
    line.write(" HTTP/1.1".getBytes(StandardCharsets.US_ASCII));
    // The operator's: a target that decodes is answered as the API would answer it, not refused at the gate.
    return RawHttp.send(port, line.toByteArray(), ("Authorization: " + MeasuredRun.get().operator() + "\r\n")
        .getBytes(StandardCharsets.US_ASCII), SAFETY_NET);
  }

  private static RawHttp.Answer get(String target) throws Exception {
    return get(target.getBytes(StandardCharsets.UTF_8));
  }

  /** A 4xx whose body is JSON with a one-line, non-blank "error"; returns the error. */
  private static String oneLineJsonError(RawHttp.Answer a) throws Exception {
    String shown = a.head().lines().findFirst().orElse("") + " " + a.body().substring(0, Math.min(300,
        a.body().length()));
    assertTrue(a.status() >= 400 && a.status() < 500, shown);
    assertEquals("application/json", a.header("content-type"), shown);
    JsonNode error = JSON.readTree(a.body()).get("error");
    assertTrue(error != null && error.isTextual(), shown);
    assertFalse(error.asText().isBlank() || error.asText().chars().anyMatch(c -> Character.isISOControl(c)
        || c == '\u2028' || c == '\u2029'), shown);
    return error.asText();
  }

  private static void refused(String target, String error) throws Exception {
    RawHttp.Answer a = get(target);
    assertEquals(error, oneLineJsonError(a), target);
    assertEquals(400, a.status(), target);
  }

  @Test
  void aMalformedEscapeIsA400SayingWhereOnAnyPath() throws Exception {
    refused("/api/runs/%zz/results", "the request's path does not decode: '%' at character 11 is not followed by"
        + " two hexadecimal digits");
    refused("/api/runs?x=%", "the request's query does not decode: '%' at character 3 is not followed by two"
        + " hexadecimal digits");
    refused("/api/runs/measured/report?draws=1%", "the request's query does not decode: '%' at character 8 is not"
        + " followed by two hexadecimal digits");
    refused("/api/runs/measured/report?objectives=p50_ms%2", "the request's query does not decode: '%' at character"
        + " 18 is not followed by two hexadecimal digits");
    refused("/%", "the request's path does not decode: '%' at character 2 is not followed by two hexadecimal digits");
    refused("/models/%zz", "the request's path does not decode: '%' at character 9 is not followed by two"
        + " hexadecimal digits");
    // Handlers that never read the query refuse it too: a careless request is told, not half-answered.
    refused("/api/status?x=%zz", "the request's query does not decode: '%' at character 3 is not followed by two"
        + " hexadecimal digits");
    refused("/metrics?%", "the request's query does not decode: '%' at character 1 is not followed by two"
        + " hexadecimal digits");
    refused("/health?%4", "the request's query does not decode: '%' at character 1 is not followed by two"
        + " hexadecimal digits");
    // Other scripts' digits are no hexadecimal digits (Character.digit would take them).
    refused("/api/runs/measured/report?draws=%\u0663\u0663", "the request's query does not decode: '%' at"
        + " character 7 is not followed by two hexadecimal digits");
  }

  @Test
  void escapedBytesThatAreNotUtf8AreA400NotAReplacementCharacter() throws Exception {
    refused("/api/runs/%E0%A4/results", "the request's path does not decode: the bytes escaped from character 11"
        + " are not UTF-8");
    refused("/api/runs/%C0%AE%C0%AE/report", "the request's path does not decode: the bytes escaped from character"
        + " 11 are not UTF-8");
    refused("/api/runs/%ED%A0%80/trials", "the request's path does not decode: the bytes escaped from character 11"
        + " are not UTF-8");
    refused("/api/runs/measured%FF/results", "the request's path does not decode: the bytes escaped from character"
        + " 19 are not UTF-8");
    refused("/api/runs/measured/recommend?maximize=%E0%A4", "the request's query does not decode: the bytes escaped"
        + " from character 10 are not UTF-8");
  }

  @Test
  void aRawByteThatIsNotPrintableAsciiIsA400() throws Exception {
    refused("/api/runs/caf\u00e9/results", "the request's path does not decode: character 14 (U+00C3) must be"
        + " percent-encoded");
    refused("/api/runs?x=\u007f", "the request's query does not decode: character 3 (U+007F) must be"
        + " percent-encoded");
  }

  @Test
  void wellFormedEscapesOfControlsAreAnsweredWithAOneLineError() throws Exception {
    for (String target : new String[] {"/models/%00", "/models/%0D%0Ax", "/datasets/%E2%80%AE%0A",
        "/api/runs/%0D%0A/results", "/api/runs/measured%00/report",
        "/api/runs/measured/frontier?tier=edge%0D%0Aiot&draws=1"}) {
      RawHttp.Answer a = get(target);
      try {
        oneLineJsonError(a);
      } catch (AssertionError e) {
        throw new AssertionError(target + ": " + e.getMessage(), e);
      }
    }
  }

  @Test
  void everyMutationOfAValidTargetIsAnsweredBelow500AndEveryErrorIsOneLineOfJson() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < TRIES; i++) {
      byte[] target = mutated(VALID.get(random.nextInt(VALID.size())).getBytes(StandardCharsets.US_ASCII), random);
      try {
        RawHttp.Answer a = get(target);
        assertTrue(a.status() >= 200 && a.status() < 500, a.head());
        // The HTTP codec's own refusal of a request line it cannot parse, before any handler: 400 and no body.
        boolean codec = a.status() == 400 && a.body().isEmpty();
        if (a.status() >= 400 && !codec) {
          oneLineJsonError(a);
        }
      } catch (AssertionError | Exception e) {
        throw new AssertionError("try " + i + " of seed " + SEED + ": GET " + new String(target,
            StandardCharsets.ISO_8859_1).replaceAll("[^\\x21-\\x7e]", "\\\\x..") + ": " + e.getMessage(), e);
      }
    }
  }

  /** One to three bytes replaced, inserted or deleted. */
  private static byte[] mutated(byte[] target, SplittableRandom random) {
    byte[] bytes = target;
    for (int n = 1 + random.nextInt(3); n > 0 && bytes.length > 1; n--) {
      int at = 1 + random.nextInt(bytes.length - 1);
      byte b = random.nextBoolean() ? FAVOURED[random.nextInt(FAVOURED.length)] : (byte) random.nextInt(256);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(bytes, 0, at);
      switch (random.nextInt(3)) {
        case 0 -> out.write(b);
        case 1 -> {
          out.write(b);
          out.write(bytes[at]);
        }
        default -> { }
      }
      out.write(bytes, at + 1, bytes.length - at - 1);
      bytes = out.toByteArray();
    }
    return bytes;
  }
}
