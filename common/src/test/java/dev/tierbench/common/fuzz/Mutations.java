package dev.tierbench.common.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of valid input files, the kinds careless and hostile hands make: bytes flipped, inserted or cut,
 * bytes that are not UTF-8, lines lost, doubled or swapped, a value replaced by one from {@link #HOSTILE_VALUES},
 * another document appended. The same seed gives the same inputs, so a failure names the input it failed on.
 */
public final class Mutations {

  /** Values that broke or could break a reader: overflows, non-numbers, YAML features, odd text. */
  public static final List<String> HOSTILE_VALUES = List.of(".nan", ".NaN", ".inf", "-.inf", "1e999", "-1", "0",
      "99999999999999999999", "99999999999999999999s", "9223372036854775808", "0x7fffffff", "1_000", "\"0-1000000000\"",
      "\"5-2\"", "*a", "&a 1", "&a [1, *a]", "!!binary aGVsbG8=", "!!float 1", "[]", "{}", "~", "null", "''", "\"\"",
      "[[[[", "]", "{a: ", "\"\\u202e\"", "\"\u0000\"", "x".repeat(5000), "2h", "-1s", "1e3s", "0.0000001ms",
      "yes", "? [a, b]", "[1, 1]", "\"../../../etc/passwd\"", "/dev/zero", "\t1");
  private static final byte[][] BAD_BYTES = {{(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {0}, {(byte) 0xE2, (byte) 0x82}};

  private final Random random;

  public Mutations(long seed) {
    random = new Random(seed);
  }

  /** One to three mutations of {@code valid}. */
  public byte[] mutate(String valid) {
    byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
    int rounds = 1 + random.nextInt(3);
    for (int i = 0; i < rounds; i++) {
      bytes = once(bytes);
    }
    return bytes;
  }

  private byte[] once(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    int line = random.nextInt(lines.size());
    switch (random.nextInt(9)) {
      case 0 -> {
        return insert(bytes, BAD_BYTES[random.nextInt(BAD_BYTES.length)]);
      }
      case 1 -> {
        byte[] copy = bytes.clone();
        if (copy.length > 0) {
          copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
      }
      case 2 -> {
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        int length = Math.min(bytes.length - at, 1 + random.nextInt(8));
        byte[] cut = new byte[bytes.length - length];
        System.arraycopy(bytes, 0, cut, 0, at);
        System.arraycopy(bytes, at + length, cut, at, bytes.length - at - length);
        return cut;
      }
      case 3 -> lines.remove(line);
      case 4 -> lines.add(line, lines.get(line));
      case 5 -> java.util.Collections.swap(lines, line, random.nextInt(lines.size()));
      case 6 -> lines.set(line, replaceValue(lines.get(line)));
      case 7 -> lines.set(line, " ".repeat(random.nextInt(4)) + lines.get(line).stripLeading());
      default -> lines.add("---\nname: second");
    }
    return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
  }

  /** The value after a line's first ": " or "- ", or the whole line, replaced by a hostile one. */
  private String replaceValue(String line) {
    String value = HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size()));
    int colon = line.indexOf(": ");
    int dash = line.indexOf("- ");
    int at = colon >= 0 ? colon + 2 : dash >= 0 ? dash + 2 : 0;
    return line.substring(0, at) + value;
  }

  private byte[] insert(byte[] bytes, byte[] extra) {
    int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    out.writeBytes(extra);
    out.write(bytes, at, bytes.length - at);
    return out.toByteArray();
  }
}
