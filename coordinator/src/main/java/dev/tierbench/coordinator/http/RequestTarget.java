package dev.tierbench.coordinator.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.vertx.core.http.HttpServerRequest;

/**
 * Whether a request's path and query decode: printable ASCII, every {@code %} followed by two hexadecimal digits,
 * and the bytes they spell UTF-8. Vert.x would otherwise read what does not decode leniently (a bad escape in a
 * query no handler reads, bad UTF-8 as U+FFFD, a raw byte as Latin-1), so a careless request could be answered
 * about something it did not ask for.
 */
final class RequestTarget {

  private RequestTarget() {}

  /** What is wrong with the request's path or query, in one line, or empty if both decode. */
  static Optional<String> problem(HttpServerRequest request) {
    Optional<String> path = problem(request.path());
    return path.isPresent() ? path.map(p -> "the request's path does not decode: " + p)
        : problem(request.query()).map(q -> "the request's query does not decode: " + q);
  }

  private static Optional<String> problem(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    byte[] bytes = new byte[raw.length()];
    int[] from = new int[raw.length()];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      from[n] = i;
      if (c <= ' ' || c >= 0x7f) {
        return Optional.of(String.format("character %d (U+%04X) must be percent-encoded", i + 1, (int) c));
      }
      if (c != '%') {
        bytes[n++] = (byte) c;
        continue;
      }
      int high = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
      int low = high < 0 ? -1 : hex(raw.charAt(i + 2));
      if (low < 0) {
        return Optional.of("'%' at character " + (i + 1) + " is not followed by two hexadecimal digits");
      }
      bytes[n++] = (byte) (high << 4 | low);
      i += 2;
    }
    // Left at the first byte that is not UTF-8 when decoding fails.
    ByteBuffer decoded = ByteBuffer.wrap(bytes, 0, n);
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(decoded);
      return Optional.empty();
    } catch (CharacterCodingException e) {
      return Optional.of("the bytes escaped from character " + (from[decoded.position()] + 1) + " are not UTF-8");
    }
  }

  /** An ASCII hexadecimal digit's value, else -1 (Character.digit would take other scripts' digits too). */
  private static int hex(char c) {
    return c < 0x80 ? Character.digit(c, 16) : -1;
  }
}
