package dev.tierbench.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.trust.JoinToken;
import dev.tierbench.coordinator.trust.Access.Role;

/**
 * Seeded random credentials, near misses of the real ones (a person's secret and whole token among them) and
 * garbage bytes, in the Authorization header, the login cookie or both, sent as raw bytes (java.net.http would
 * refuse some): each is answered 401, never a 5xx, never let through, within a bound.
 */
class CredentialFuzzTest {

  private static final long SEED = Long.getLong("fuzz.seed", 13L);
  private static final int REQUESTS = 400;
  private static final Duration SAFETY_NET = Duration.ofSeconds(10);
  private static final Duration ALL_WITHIN = Duration.ofSeconds(60);
  private static final List<String> PATHS = List.of("/", "/api/status", "/api/runs", "/metrics", "/assets/live.js",
      "/models/" + SecuredHttp.MODEL_SHA256, "/api/agents/credential", "/no/such/path");

  @TempDir
  Path dir;

  @Test
  void garbageCredentialsAreAlways401() throws Exception {
    try (SecuredHttp server = new SecuredHttp(dir, false)) {
      String person = server.state.access().users().add("alice", Role.SUBMIT);
      List<String> real = List.of(server.state.operatorToken(), server.state.scrapeToken(),
          server.state.joinToken().toString(), server.state.joinToken().secret(),
          server.state.access().agents().issue("edge-1"), person,
          new JoinToken(server.state.caKeySha256(), person).toString());
      Random random = new Random(SEED);
      long start = System.nanoTime();
      for (int i = 0; i < REQUESTS; i++) {
        String path = PATHS.get(random.nextInt(PATHS.size()));
        byte[] secret = secret(random, real);
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int where = random.nextInt(3);
        if (where != 1) {
          headers.write(scheme(random));
          headers.write(secret);
          headers.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (where != 0) {
          headers.write(("Cookie: " + (random.nextBoolean() ? BrowserLogin.COOKIE + "=" : ""))
              .getBytes(StandardCharsets.US_ASCII));
          headers.write(secret(random, real));
          headers.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        RawHttp.Answer a = RawHttp.send(server.port, ("GET " + path + " HTTP/1.1").getBytes(StandardCharsets.US_ASCII),
            headers.toByteArray(), SAFETY_NET);
        String shown = "request " + i + " of seed " + SEED + " (" + path + ", " + headers.toString(
            StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?") + "): " + a.head().lines().findFirst()
            .orElse("no answer");
        assertEquals(401, a.status(), shown);
        assertEquals("Bearer realm=\"tierbench\"", a.header("www-authenticate"), shown);
        assertEquals("", a.header("set-cookie"), shown);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(ALL_WITHIN) < 0, REQUESTS + " refusals took " + took);
    }
  }

  /** "Authorization: " and a scheme: Bearer in any case, another scheme, or none. */
  private static byte[] scheme(Random random) {
    String[] schemes = {"Bearer ", "bearer ", "BEARER  ", "Basic ", "Token ", "", "Bearer", " Bearer\t"};
    return ("Authorization: " + schemes[random.nextInt(schemes.length)]).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A real secret changed by one character, cut, doubled or padded, or random bytes a header value may hold
   * (visible ASCII, space, tab, and bytes above 0x7f), of any length up to some kilobytes.
   */
  private static byte[] secret(Random random, List<String> real) {
    String base = real.get(random.nextInt(real.size()));
    switch (random.nextInt(6)) {
      case 0 -> {
        char[] c = base.toCharArray();
        int at = random.nextInt(c.length);
        c[at] = c[at] == 'A' ? 'B' : 'A';
        return new String(c).getBytes(StandardCharsets.US_ASCII);
      }
      case 1 -> {
        return base.substring(0, random.nextInt(base.length())).getBytes(StandardCharsets.US_ASCII);
      }
      case 2 -> {
        return (base + base.charAt(0)).getBytes(StandardCharsets.US_ASCII);
      }
      case 3 -> {
        return (base + "," + base).getBytes(StandardCharsets.US_ASCII);
      }
      default -> {
        int length = random.nextInt(random.nextBoolean() ? 64 : 4_000);
        List<Byte> bytes = new ArrayList<>();
        for (int i = 0; i < length; i++) {
          int b = random.nextInt(10) == 0 ? 0x80 + random.nextInt(0x80) : random.nextInt(10) == 0 ? '\t'
              : 0x20 + random.nextInt(0x5f);
          bytes.add((byte) b);
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = bytes.get(i);
        }
        return out;
      }
    }
  }
}
