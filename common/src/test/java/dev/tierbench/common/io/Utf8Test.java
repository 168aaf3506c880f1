package dev.tierbench.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Strict UTF-8 with the place of the first bad byte, counted as an editor counts it. */
class Utf8Test {

  private static byte[] bytes(String before, int bad, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    out.write(bad);
    out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @Test
  void goodTextComesBackAsWritten() {
    assertEquals("name: größe 🙂\n", Utf8.decode("name: größe 🙂\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aByteOrderMarkIsDropped() {
    assertEquals("a: 1", Utf8.decode("\uFEFFa: 1".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aBadByteIsPlacedOnItsLineAndColumn() {
    InvalidUtf8Exception e = assertThrows(InvalidUtf8Exception.class,
        () -> Utf8.decode(bytes("name: x\nmodels:\n  - ab", 0xFF, "c\n")));
    assertEquals(3, e.line());
    assertEquals(7, e.column());
    assertEquals("not UTF-8: byte 0xFF cannot start or continue a character; save the file as UTF-8", e.getMessage());
  }

  @Test
  void charactersBeforeTheBadByteCountOnceWhateverTheirLength() {
    // 'ö' is two bytes, the emoji four (two Java chars): each is one column.
    InvalidUtf8Exception e = assertThrows(InvalidUtf8Exception.class, () -> Utf8.decode(bytes("ö🙂", 0xC3, "(")));
    assertEquals(1, e.line());
    assertEquals(3, e.column());
  }

  @Test
  void aTruncatedSequenceAtTheEndIsPlacedWhereItStarts() {
    InvalidUtf8Exception e = assertThrows(InvalidUtf8Exception.class, () -> Utf8.decode(bytes("ab\n", 0xE2, "")));
    assertEquals(2, e.line());
    assertEquals(1, e.column());
  }
}
