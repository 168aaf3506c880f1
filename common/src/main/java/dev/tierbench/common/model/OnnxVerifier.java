package dev.tierbench.common.model;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;

/**
 * Checks that an {@code .onnx} file is a well-formed ModelProto before ONNX Runtime reads it, so that a truncated
 * file, another protobuf, or a length field declaring gigabytes is refused in one line instead of surfacing as a
 * runtime's protobuf error or an allocation of what the length claims. It walks the protobuf wire format of the
 * model, its graph and the graph's nodes, their attributes, tensors and value infos (onnx.proto's field numbers),
 * and the subgraphs an If, Loop or Scan node holds in its attributes, by the same rules: every tag valid, every
 * varint at most 10 bytes, every length inside the enclosing message, known fields of their declared wire type, an
 * ir_version and a graph present. Subgraphs are walked at most {@value #MAX_GRAPH_DEPTH} deep, so the walk reads
 * each byte a bounded number of times and allocates nothing.
 */
public final class OnnxVerifier {

  /** ONNX's IR versions run from 1 (2017) to 11 (2025); far above that a file is not ONNX. */
  public static final long MAX_IR_VERSION = 100;
  /**
   * The deepest subgraph walked (the model's graph is 0): a Loop in an If in a Loop is 3, and real models stay far
   * below 16. The bound keeps the walk's recursion short, so a small file of graphs nested in graphs ends in a
   * refusal, not a StackOverflowError.
   */
  public static final int MAX_GRAPH_DEPTH = 16;

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH = 2;
  private static final int FIXED32 = 5;

  /** A message kind: the wire type of each field it declares, and which of its fields are messages to walk. */
  private record Message(String name, Map<Integer, Integer> wireTypes, Map<Integer, Message> nested) {}

  /** Repeated numbers (dims, float_data...) are left out: protobuf writes them packed or not, either wire type. */
  private static final Message TENSOR = new Message("tensor", Map.of(2, VARINT, 8, LENGTH, 9, LENGTH, 12, LENGTH,
      13, LENGTH, 14, VARINT), Map.of());
  /** Floats and ints (7, 8) are left out as a tensor's numbers are; its graphs are walked apart: {@link #SUBGRAPHS}. */
  private static final Message ATTRIBUTE = new Message("attribute", Map.ofEntries(Map.entry(1, LENGTH),
      Map.entry(2, FIXED32), Map.entry(3, VARINT), Map.entry(4, LENGTH), Map.entry(5, LENGTH), Map.entry(6, LENGTH),
      Map.entry(9, LENGTH), Map.entry(10, LENGTH), Map.entry(11, LENGTH), Map.entry(13, LENGTH), Map.entry(14, LENGTH),
      Map.entry(15, LENGTH), Map.entry(20, VARINT), Map.entry(21, LENGTH), Map.entry(22, LENGTH),
      Map.entry(23, LENGTH)), Map.of(5, TENSOR, 10, TENSOR));
  private static final Message NODE = new Message("node", Map.of(1, LENGTH, 2, LENGTH, 3, LENGTH, 4, LENGTH, 5,
      LENGTH, 6, LENGTH, 7, LENGTH), Map.of(5, ATTRIBUTE));
  private static final Message VALUE_INFO = new Message("value info", Map.of(1, LENGTH, 2, LENGTH, 3, LENGTH),
      Map.of());
  private static final Message GRAPH = new Message("graph", Map.of(1, LENGTH, 2, LENGTH, 5, LENGTH, 10, LENGTH, 11,
      LENGTH, 12, LENGTH, 13, LENGTH, 14, LENGTH, 15, LENGTH),
      Map.of(1, NODE, 5, TENSOR, 11, VALUE_INFO, 12, VALUE_INFO, 13, VALUE_INFO));
  private static final Message MODEL = new Message("model", Map.ofEntries(Map.entry(1, VARINT), Map.entry(2, LENGTH),
      Map.entry(3, LENGTH), Map.entry(4, LENGTH), Map.entry(5, VARINT), Map.entry(6, LENGTH), Map.entry(7, LENGTH),
      Map.entry(8, LENGTH), Map.entry(14, LENGTH), Map.entry(20, LENGTH), Map.entry(25, LENGTH)), Map.of(7, GRAPH));

  private static final int IR_VERSION = 1;
  private static final int GRAPH_FIELD = 7;
  /**
   * The attribute fields holding graphs (g, graphs), walked as a {@link #GRAPH} one level deeper: named here because
   * the attribute's record cannot name the graph's, declared after it.
   */
  private static final Set<Integer> SUBGRAPHS = Set.of(6, 11);

  private final ByteBuffer bytes;
  private final String problem;
  private long irVersion;
  private boolean graph;

  private OnnxVerifier(ByteBuffer bytes, String problem) {
    this.bytes = bytes;
    this.problem = problem;
  }

  /** @throws ModelFormatException naming {@code name} and the first problem found, in one line */
  public static void verify(String name, ByteBuffer bytes) {
    OnnxVerifier walk = new OnnxVerifier(bytes, name + ": truncated or corrupt ONNX file");
    walk.message(MODEL, 0, bytes.limit(), 0);
    walk.check(walk.irVersion >= 1 && walk.irVersion <= MAX_IR_VERSION, "the model's ir_version is "
        + walk.irVersion + " (1 to " + MAX_IR_VERSION + ")");
    walk.check(walk.graph, "the model has no graph");
  }

  /** Walks the fields of one {@code kind} message in bytes [start, end), within a graph {@code depth} deep. */
  private void message(Message kind, int start, int end, int depth) {
    int at = start;
    while (at < end) {
      int fieldStart = at;
      long tag = varint(at, end);
      at += varintLength(at);
      long field = tag >>> 3;
      int wire = (int) (tag & 7);
      check(field >= 1 && field <= 0x1FFFFFFF, kind.name() + ": field number " + field + " at byte " + fieldStart);
      Integer declared = kind.wireTypes().get((int) field);
      check(declared == null || declared == wire, kind.name() + ": field " + field + " at byte " + fieldStart
          + " has wire type " + wire + ", not " + declared);
      switch (wire) {
        case VARINT -> {
          long value = varint(at, end);
          at += varintLength(at);
          if (kind == MODEL && field == IR_VERSION) {
            irVersion = value;
          }
        }
        case FIXED64 -> at = skip(at, 8, end, kind, field);
        case FIXED32 -> at = skip(at, 4, end, kind, field);
        case LENGTH -> {
          long length = varint(at, end);
          at += varintLength(at);
          int next = skip(at, length, end, kind, field);
          if (kind == ATTRIBUTE && SUBGRAPHS.contains((int) field)) {
            check(depth < MAX_GRAPH_DEPTH, "attribute: field " + field + " at byte " + fieldStart + " holds a"
                + " subgraph nested more than " + MAX_GRAPH_DEPTH + " deep");
            message(GRAPH, at, next, depth + 1);
          }
          Message nested = kind.nested().get((int) field);
          if (nested != null) {
            message(nested, at, next, depth);
          }
          graph |= kind == MODEL && field == GRAPH_FIELD;
          at = next;
        }
        default -> throw failure(kind.name() + ": field " + field + " at byte " + fieldStart + " has wire type " + wire
            + ", which no ONNX field has");
      }
    }
  }

  private int skip(int at, long length, int end, Message kind, long field) {
    check(length >= 0 && length <= end - at, kind.name() + ": field " + field + " at byte " + at + " declares "
        + Long.toUnsignedString(length) + " bytes, but its message has " + (end - at) + " left (the file "
        + bytes.limit() + ")");
    return at + (int) length;
  }

  /** The varint at {@code at}, which must end before {@code end} within 10 bytes. */
  private long varint(int at, int end) {
    long value = 0;
    for (int i = 0; i < 10; i++) {
      check(at + i < end, "a varint at byte " + at + " runs past the end of its message");
      byte b = bytes.get(at + i);
      value |= (long) (b & 0x7F) << (7 * i);
      if (b >= 0) {
        return value;
      }
    }
    throw failure("a varint at byte " + at + " is longer than 10 bytes");
  }

  private int varintLength(int at) {
    int length = 1;
    while (bytes.get(at + length - 1) < 0) {
      length++;
    }
    return length;
  }

  private void check(boolean ok, String what) {
    if (!ok) {
      throw failure(what);
    }
  }

  private ModelFormatException failure(String what) {
    return new ModelFormatException(problem + ": " + what);
  }
}
