package dev.tierbench.common.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * A flatbuffer whose structure is checked as it is walked, the way flatbuffers' own Verifier checks it before
 * TFLite reads a model: every offset lands inside the file and is aligned, every vtable fits and describes fields
 * inside its table, every vector's length fits in what is left of the file, every string is terminated UTF-8. The
 * generated schema accessors check none of this (a crafted offset reads anywhere, a crafted length allocates
 * anything), so a file is walked here first and read with them only once it passed.
 *
 * <p>A table can be reached through many offsets (the format allows sharing), so a small file could make a walk
 * visit tables without end; like flatbuffers' Verifier, a walk visits at most {@link #MAX_TABLES}.
 */
final class Flatbuffer {

  /** flatbuffers' Verifier default ({@code max_tables}). */
  static final int MAX_TABLES = 1_000_000;

  private final ByteBuffer bytes;
  private final String problem;
  private int tables;

  /** @param problem how errors begin: "model.tflite: truncated or corrupt TFLite file" */
  Flatbuffer(ByteBuffer bytes, String problem) {
    this.bytes = bytes.slice(0, bytes.limit()).order(ByteOrder.LITTLE_ENDIAN);
    this.problem = problem;
  }

  /** The root table, found through the offset at byte 0. */
  Table root() {
    check(bytes.capacity() >= 8, "the file holds only " + bytes.capacity() + " bytes");
    long offset = Integer.toUnsignedLong(bytes.getInt(0));
    check(offset >= 4 && offset <= bytes.capacity() - 4L, "the root table offset " + offset
        + " lies outside the file (" + bytes.capacity() + " bytes)");
    return table((int) offset, "the root table");
  }

  /** A table whose fields are looked up through its checked vtable. */
  final class Table {
    private final int start;
    private final int size;
    private final int vtable;
    private final int vtableSize;
    private final String where;

    private Table(int start, int size, int vtable, int vtableSize, String where) {
      this.start = start;
      this.size = size;
      this.vtable = vtable;
      this.vtableSize = vtableSize;
      this.where = where;
    }

    /** Whether field {@code index} is present. */
    boolean has(int index) {
      return voffset(index) != 0;
    }

    /** Field {@code index} as a scalar of {@code width} bytes, or {@code otherwise} when absent. */
    long scalar(int index, int width, long otherwise, String field) {
      int at = field(index, width, field);
      if (at < 0) {
        return otherwise;
      }
      return switch (width) {
        case 1 -> bytes.get(at);
        case 2 -> bytes.getShort(at);
        case 4 -> bytes.getInt(at);
        default -> bytes.getLong(at);
      };
    }

    /** The table field {@code index} points at, or null when absent. */
    Table table(int index, String field) {
      int target = target(index, field);
      return target < 0 ? null : Flatbuffer.this.table(target, where + ", " + field);
    }

    /** The vector field {@code index} points at (empty when absent), its elements {@code width} bytes each. */
    Vector vector(int index, int width, String field) {
      int target = target(index, field);
      return target < 0 ? new Vector(0, 0, where + ", " + field) : Flatbuffer.this.vector(target, width,
          where + ", " + field);
    }

    /** Checks the string field {@code index}, if present: inside the file, terminated, UTF-8. */
    void string(int index, String field) {
      int target = target(index, field);
      if (target < 0) {
        return;
      }
      Vector chars = Flatbuffer.this.vector(target, 1, where + ", " + field);
      int end = chars.start() + chars.length();
      check(end < bytes.capacity() && bytes.get(end) == 0, where + ", " + field + ": the string at byte " + target
          + " has no terminating zero inside the file");
      try {
        StandardCharsets.UTF_8.newDecoder().decode(bytes.slice(chars.start(), chars.length()));
      } catch (CharacterCodingException e) {
        throw failure(where + ", " + field + ": the string at byte " + target + " is not UTF-8");
      }
    }

    String where() {
      return where;
    }

    /** Where field {@code index}'s offset points, or -1 when absent. */
    private int target(int index, String field) {
      int at = field(index, 4, field);
      if (at < 0) {
        return -1;
      }
      long offset = Integer.toUnsignedLong(bytes.getInt(at));
      long target = at + offset;
      check(offset > 0 && target <= bytes.capacity() - 4L, where + ", " + field + ": offset " + offset + " at byte "
          + at + " points outside the file (" + bytes.capacity() + " bytes)");
      return (int) target;
    }

    /** The position of field {@code index}, checked to hold {@code width} bytes inside the table, or -1. */
    private int field(int index, int width, String field) {
      int voffset = voffset(index);
      if (voffset == 0) {
        return -1;
      }
      check(voffset + width <= size, where + ": field " + field + " (" + width + " bytes at " + voffset
          + ") lies outside its table of " + size + " bytes");
      int at = start + voffset;
      check(at % width == 0, where + ", " + field + ": misaligned at byte " + at);
      return at;
    }

    private int voffset(int index) {
      int entry = 4 + 2 * index;
      return entry + 2 <= vtableSize ? Short.toUnsignedInt(bytes.getShort(vtable + entry)) : 0;
    }
  }

  /** A checked vector: {@code length} elements from byte {@code start}. */
  record Vector(int start, int length, String where) {}

  /** The {@code i}th table of a vector of table offsets, named {@code where} in errors. */
  Table element(Vector tables, int i, String where) {
    int at = tables.start() + 4 * i;
    long target = at + Integer.toUnsignedLong(bytes.getInt(at));
    check(target > at && target <= bytes.capacity() - 4L, where + ": its offset at byte " + at
        + " points outside the file (" + bytes.capacity() + " bytes)");
    return table((int) target, where);
  }

  int intAt(Vector ints, int i) {
    return bytes.getInt(ints.start() + 4 * i);
  }

  private Table table(int start, String where) {
    check(++tables <= MAX_TABLES, "more than " + MAX_TABLES + " tables to check (offsets shared in a loop?)");
    check(start % 4 == 0, where + ": the table at byte " + start + " is misaligned");
    long vtable = start - (long) bytes.getInt(start);
    check(vtable >= 0 && vtable <= bytes.capacity() - 4L && vtable % 2 == 0, where + ": the vtable of the table at"
        + " byte " + start + " lies at " + vtable + ", outside the file (" + bytes.capacity() + " bytes)");
    int vtableSize = Short.toUnsignedInt(bytes.getShort((int) vtable));
    int size = Short.toUnsignedInt(bytes.getShort((int) vtable + 2));
    check(vtableSize >= 4 && vtableSize % 2 == 0 && vtable + vtableSize <= bytes.capacity(), where + ": the vtable at"
        + " byte " + vtable + " declares " + vtableSize + " bytes, which do not fit in the file");
    // The schema accessors read voffsets and the vtable size as signed shorts: above 32767 they point backwards.
    check(vtableSize < 0x8000 && size >= 4 && size < 0x8000 && start + (long) size <= bytes.capacity(), where
        + ": the table at byte " + start + " declares " + size + " bytes, which do not fit in the file");
    return new Table(start, size, (int) vtable, vtableSize, where);
  }

  private Vector vector(int start, int width, String where) {
    check(start % 4 == 0, where + ": the vector at byte " + start + " is misaligned");
    long length = Integer.toUnsignedLong(bytes.getInt(start));
    check(length * width <= bytes.capacity() - (start + 4L), where + ": a vector of " + length + " elements of "
        + width + " bytes at byte " + start + " runs past the end of the file (" + bytes.capacity() + " bytes)");
    check((start + 4) % Math.min(width, 8) == 0, where + ": the elements at byte " + (start + 4) + " are misaligned");
    return new Vector(start + 4, (int) length, where);
  }

  void check(boolean ok, String what) {
    if (!ok) {
      throw failure(what);
    }
  }

  private ModelFormatException failure(String what) {
    return new ModelFormatException(problem + ": " + what);
  }
}
