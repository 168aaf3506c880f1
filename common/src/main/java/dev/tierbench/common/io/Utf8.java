package dev.tierbench.common.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly. A byte that is not UTF-8 is an error at its own line and column (counted in characters,
 * as an editor shows them), not at the start of the file, and the bytes are never echoed back.
 */
public final class Utf8 {

  private Utf8() {}

  /** @throws InvalidUtf8Exception at the first byte that is not UTF-8 */
  public static String decode(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      out.flip();
      throw located(out, bytes[in.position()]);
    }
    decoder.flush(out);
    out.flip();
    String text = out.toString();
    // A byte-order mark says "UTF-8" and nothing else; YAML and CSV readers would take it as part of the first key.
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static InvalidUtf8Exception located(CharBuffer before, byte bad) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < before.limit(); i++) {
      char c = before.get(i);
      if (c == '\n') {
        line++;
        column = 1;
      } else if (!Character.isLowSurrogate(c)) {
        column++;
      }
    }
    return new InvalidUtf8Exception(line, column, bad);
  }
}
