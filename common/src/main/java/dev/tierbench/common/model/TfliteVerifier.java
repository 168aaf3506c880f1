package dev.tierbench.common.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.tensorflow.lite.schema.BuiltinOptions;

/**
 * Checks that a {@code .tflite} file is a TFLite flatbuffer that can be read safely before anything reads it: its
 * identifier, every table, offset, vector and string that {@link ModelInspector} or an engine reads (through
 * {@link Flatbuffer}), counts within the limits below, and shapes whose element counts neither go negative nor
 * overflow. Field numbers are those of TFLite's schema.fbs (version 3).
 */
public final class TfliteVerifier {

  /** Subgraphs in a model: control-flow bodies add a few each; published models have fewer than 100. */
  public static final int MAX_SUBGRAPHS = 10_000;
  /** Tensors, operators, buffers or operator codes in one list: far above any published model. */
  public static final int MAX_ENTRIES = 1_000_000;
  /** Dimensions of a tensor: TFLite's kernels take at most 6 to 8; beyond 32 a shape is corrupt. */
  public static final int MAX_RANK = 32;
  /**
   * Elements of one tensor: Java buffers, through which agents feed and read tensors, are int-indexed; this also
   * keeps every operator's cost inside 64 bits.
   */
  public static final long MAX_ELEMENTS = Integer.MAX_VALUE;

  private static final byte[] IDENTIFIER = "TFL3".getBytes(StandardCharsets.US_ASCII);

  private TfliteVerifier() {}

  /** @throws ModelFormatException naming {@code name} and the first problem found, in one line */
  public static void verify(String name, byte[] bytes) {
    verify(name, ByteBuffer.wrap(bytes));
  }

  /** {@link #verify(String, byte[])} of a buffer's bytes up to its limit (a mapped file: no copy on the heap). */
  public static void verify(String name, ByteBuffer bytes) {
    if (bytes.limit() < 8) {
      throw notTflite(name, "only " + bytes.limit() + " bytes");
    }
    if (!bytes.slice(4, 4).equals(ByteBuffer.wrap(IDENTIFIER))) {
      byte[] found = new byte[4];
      bytes.get(4, found);
      throw notTflite(name, "'" + new String(found, StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", "?") + "'");
    }
    Flatbuffer file = new Flatbuffer(bytes, name + ": truncated or corrupt TFLite file");
    Flatbuffer.Table model = file.root();
    model.scalar(0, 4, 0, "version");
    Flatbuffer.Vector codes = limited(file, model.vector(1, 4, "operator codes"), MAX_ENTRIES);
    for (int i = 0; i < codes.length(); i++) {
      operatorCode(file.element(codes, i, "operator code " + i));
    }
    Flatbuffer.Vector subgraphs = limited(file, model.vector(2, 4, "subgraphs"), MAX_SUBGRAPHS);
    for (int i = 0; i < subgraphs.length(); i++) {
      subgraph(file, file.element(subgraphs, i, "subgraph " + i), "subgraph " + i);
    }
    model.string(3, "description");
    Flatbuffer.Vector buffers = limited(file, model.vector(4, 4, "buffers"), MAX_ENTRIES);
    for (int i = 0; i < buffers.length(); i++) {
      file.element(buffers, i, "buffer " + i).vector(0, 1, "data");
    }
    model.vector(5, 4, "metadata buffers");
    tables(file, model.vector(6, 4, "metadata"), "metadata");
    tables(file, model.vector(7, 4, "signature definitions"), "signature definition");
  }

  private static ModelFormatException notTflite(String name, String found) {
    return new ModelFormatException(name + ": not a TFLite model (no TFL3 identifier at byte 4; found " + found + ")");
  }

  private static void operatorCode(Flatbuffer.Table code) {
    code.scalar(0, 1, 0, "deprecated builtin code");
    code.string(1, "custom code");
    code.scalar(2, 4, 1, "version");
    code.scalar(3, 4, 0, "builtin code");
  }

  private static void subgraph(Flatbuffer file, Flatbuffer.Table graph, String where) {
    Flatbuffer.Vector tensors = limited(file, graph.vector(0, 4, "tensors"), MAX_ENTRIES);
    for (int i = 0; i < tensors.length(); i++) {
      tensor(file, file.element(tensors, i, where + ", tensor " + i));
    }
    graph.vector(1, 4, "inputs");
    graph.vector(2, 4, "outputs");
    Flatbuffer.Vector operators = limited(file, graph.vector(3, 4, "operators"), MAX_ENTRIES);
    for (int i = 0; i < operators.length(); i++) {
      operator(file.element(operators, i, where + ", operator " + i));
    }
    graph.string(4, "name");
  }

  private static void tensor(Flatbuffer file, Flatbuffer.Table tensor) {
    Flatbuffer.Vector shape = tensor.vector(0, 4, "shape");
    long elements = 1;
    file.check(shape.length() <= MAX_RANK, tensor.where() + ": a shape of " + shape.length() + " dimensions (at most "
        + MAX_RANK + ")");
    for (int d = 0; d < shape.length(); d++) {
      int dim = file.intAt(shape, d);
      file.check(dim >= 0, tensor.where() + ": dimension " + d + " of its shape is " + dim);
      // Both factors stay below 2^31 (checked at each step), so the product is exact.
      elements *= Math.max(dim, 1);
      file.check(elements <= MAX_ELEMENTS, tensor.where() + ": its shape " + ints(file, shape) + " has more than "
          + MAX_ELEMENTS + " elements");
    }
    tensor.scalar(1, 1, 0, "type");
    tensor.scalar(2, 4, 0, "buffer");
    tensor.string(3, "name");
    Flatbuffer.Table quantization = tensor.table(4, "quantization");
    if (quantization != null) {
      quantization.vector(0, 4, "min");
      quantization.vector(1, 4, "max");
      quantization.vector(2, 4, "scale");
      quantization.vector(3, 8, "zero point");
      quantization.scalar(4, 1, 0, "details type");
      quantization.table(5, "details");
      quantization.scalar(6, 4, 0, "quantized dimension");
    }
    tensor.scalar(5, 1, 0, "is variable");
    tensor.table(6, "sparsity");
    Flatbuffer.Vector signature = tensor.vector(7, 4, "shape signature");
    file.check(signature.length() <= MAX_RANK, tensor.where() + ": a shape signature of " + signature.length()
        + " dimensions (at most " + MAX_RANK + ")");
    for (int d = 0; d < signature.length(); d++) {
      int dim = file.intAt(signature, d);
      file.check(dim >= -1, tensor.where() + ": dimension " + d + " of its shape signature is " + dim
          + " (-1 marks a dynamic one)");
    }
  }

  private static void operator(Flatbuffer.Table op) {
    op.scalar(0, 4, 0, "opcode index");
    op.vector(1, 4, "inputs");
    op.vector(2, 4, "outputs");
    long optionsType = op.scalar(3, 1, 0, "builtin options type");
    Flatbuffer.Table options = op.table(4, "builtin options");
    if (options != null && optionsType == BuiltinOptions.Pool2DOptions) {
      for (int field = 0; field < 5; field++) {
        options.scalar(field, field == 0 ? 1 : 4, 0, "pool option " + field);
      }
    } else if (options != null && optionsType == BuiltinOptions.BatchMatMulOptions) {
      options.scalar(0, 1, 0, "adj_x");
    }
    op.vector(5, 1, "custom options");
    op.scalar(6, 1, 0, "custom options format");
    op.vector(7, 1, "mutating variable inputs");
    op.vector(8, 4, "intermediates");
  }

  private static void tables(Flatbuffer file, Flatbuffer.Vector tables, String what) {
    limited(file, tables, MAX_ENTRIES);
    for (int i = 0; i < tables.length(); i++) {
      file.element(tables, i, what + " " + i);
    }
  }

  private static Flatbuffer.Vector limited(Flatbuffer file, Flatbuffer.Vector list, int limit) {
    file.check(list.length() <= limit, list.where() + ": " + list.length() + " entries (at most " + limit + ")");
    return list;
  }

  private static String ints(Flatbuffer file, Flatbuffer.Vector ints) {
    int[] values = new int[ints.length()];
    Arrays.setAll(values, i -> file.intAt(ints, i));
    return Arrays.toString(values).replace(" ", "");
  }
}
