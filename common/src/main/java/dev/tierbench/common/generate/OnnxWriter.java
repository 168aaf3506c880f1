package dev.tierbench.common.generate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.CodedOutputStream;

/**
 * Serializes a {@link Graph} as an ONNX model (opset 13), for ONNX Runtime, whose Maven jar ships the linux-aarch64
 * library that DJL's TFLite lacks: the same network, operator for operator, with a symbolic batch dimension. TFLite
 * is NHWC and ONNX convolutions NCHW, so each convolution is wrapped in transposes and its kernel re-laid
 * ([out, k, k, in] to [out, in, k, k]; depthwise [1, k, k, c] to [c, 1, k, k], one group per channel); SAME
 * padding is ONNX's SAME_UPPER (the odd pixel after), as in TFLite. Messages are written field by field with
 * protobuf's encoder (onnx.proto's field numbers), so no generated ONNX classes are needed.
 */
public final class OnnxWriter {

  private static final int OPSET = 13;
  private static final int IR_VERSION = 7;
  private static final int FLOAT = 1;
  private static final int INT32 = 6;
  private static final int INT64 = 7;
  private static final int ATTRIBUTE_INT = 2;
  private static final int ATTRIBUTE_STRING = 3;
  private static final int ATTRIBUTE_INTS = 7;

  private final Graph graph;
  private final List<byte[]> nodes = new ArrayList<>();
  private final List<byte[]> initializers = new ArrayList<>();
  private int temporaries;

  private OnnxWriter(Graph graph) {
    this.graph = graph;
  }

  public static byte[] write(Graph graph) {
    return new OnnxWriter(graph).model();
  }

  private byte[] model() {
    for (Graph.Tensor t : graph.tensors()) {
      if (t.constant() && !t.integer()) {
        initializers.add(floats(name(t.id()), t.shape(), t.data()));
      }
    }
    for (Graph.Operation op : graph.operations()) {
      operation(op);
    }
    byte[] graphBytes = message(out -> {
      for (byte[] node : nodes) {
        out.writeByteArray(1, node);
      }
      out.writeString(2, "tierbench");
      for (byte[] initializer : initializers) {
        out.writeByteArray(5, initializer);
      }
      out.writeString(10, graph.description());
      Graph.Tensor input = graph.tensor(graph.input());
      out.writeByteArray(11, valueInfo(name(input.id()), input.integer() ? INT32 : FLOAT, input.shape()));
      Graph.Tensor output = graph.tensor(graph.output());
      out.writeByteArray(12, valueInfo(name(output.id()), FLOAT, output.shape()));
    });
    return message(out -> {
      out.writeInt64(1, IR_VERSION);
      out.writeString(2, "tierbench");
      out.writeByteArray(7, graphBytes);
      out.writeByteArray(8, message(o -> {
        o.writeString(1, "");
        o.writeInt64(2, OPSET);
      }));
    });
  }

  private void operation(Graph.Operation op) {
    int[] in = op.inputs();
    String x = name(in[0]);
    String out = op.activation() == Activation.NONE ? name(op.output()) : temporary();
    switch (op.op()) {
      case FULLY_CONNECTED -> {
        Graph.Tensor w = graph.tensor(in[1]);
        String transposed = constant(transpose2d(w), new int[] {w.shape()[1], w.shape()[0]});
        String product = temporary();
        node("MatMul", List.of(x, transposed), product);
        node("Add", List.of(product, name(in[2])), out);
      }
      case CONV_2D, DEPTHWISE_CONV_2D -> convolution(op, x, out);
      case ADD -> node("Add", List.of(x, name(in[1])), out);
      case SUB -> node("Sub", List.of(x, name(in[1])), out);
      case MUL -> node("Mul", List.of(x, name(in[1])), out);
      case LOGISTIC -> node("Sigmoid", List.of(x), out);
      case TANH -> node("Tanh", List.of(x), out);
      case RSQRT -> {
        String root = temporary();
        node("Sqrt", List.of(x), root);
        node("Reciprocal", List.of(root), out);
      }
      case MEAN -> node("ReduceMean", List.of(x), out, ints("axes", op.axes()), integer("keepdims", 1));
      case SOFTMAX -> node("Softmax", List.of(x), out, integer("axis", -1));
      case RESHAPE -> {
        int[] shape = GraphBuilder.batchWildcard(op.axes());
        node("Reshape", List.of(x, int64Constant(shape)), out);
      }
      case TRANSPOSE -> node("Transpose", List.of(x), out, ints("perm", op.axes()));
      case GATHER -> node("Gather", List.of(x, name(in[1])), out, integer("axis", 0));
      case BATCH_MATMUL -> {
        String b = name(in[1]);
        if (op.adjointY()) {
          int rank = graph.tensor(in[1]).shape().length;
          int[] perm = new int[rank];
          for (int i = 0; i < rank; i++) {
            perm[i] = i;
          }
          perm[rank - 2] = rank - 1;
          perm[rank - 1] = rank - 2;
          String t = temporary();
          node("Transpose", List.of(b), t, ints("perm", perm));
          b = t;
        }
        node("MatMul", List.of(x, b), out);
      }
    }
    switch (op.activation()) {
      case RELU -> node("Relu", List.of(out), name(op.output()));
      case RELU6 -> node("Clip", List.of(out, scalarConstant(0f), scalarConstant(6f)), name(op.output()));
      case NONE -> { }
      default -> throw new IllegalStateException(op.activation() + " is never fused");
    }
  }

  private void convolution(Graph.Operation op, String x, String out) {
    int[] in = op.inputs();
    Graph.Tensor w = graph.tensor(in[1]);
    int[] s = w.shape();
    boolean depthwise = op.op() == Op.DEPTHWISE_CONV_2D;
    // TFLite [out, k, k, in] (depthwise [1, k, k, c]) to ONNX [out, in / groups, k, k].
    int outChannels = depthwise ? s[3] : s[0];
    int perGroup = depthwise ? 1 : s[3];
    int k = s[1];
    float[] kernel = new float[w.elements()];
    for (int o = 0; o < outChannels; o++) {
      for (int i = 0; i < perGroup; i++) {
        for (int r = 0; r < k; r++) {
          for (int c = 0; c < k; c++) {
            float v = depthwise ? w.data()[(r * k + c) * s[3] + o] : w.data()[((o * k + r) * k + c) * s[3] + i];
            kernel[((o * perGroup + i) * k + r) * k + c] = v;
          }
        }
      }
    }
    String nchw = temporary();
    node("Transpose", List.of(x), nchw, ints("perm", new int[] {0, 3, 1, 2}));
    String convolved = temporary();
    node("Conv", List.of(nchw, constant(kernel, new int[] {outChannels, perGroup, k, k}), name(in[2])), convolved,
        ints("strides", new int[] {op.stride(), op.stride()}), ints("kernel_shape", new int[] {k, k}),
        string("auto_pad", "SAME_UPPER"), integer("group", depthwise ? outChannels : 1));
    node("Transpose", List.of(convolved), out, ints("perm", new int[] {0, 2, 3, 1}));
  }

  private static float[] transpose2d(Graph.Tensor w) {
    int rows = w.shape()[0];
    int cols = w.shape()[1];
    float[] t = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = w.data()[r * cols + c];
      }
    }
    return t;
  }

  private String name(int tensor) {
    return "t" + tensor + "_" + graph.tensor(tensor).name();
  }

  private String temporary() {
    return "tmp" + temporaries++;
  }

  private String constant(float[] values, int[] shape) {
    String name = temporary();
    initializers.add(floats(name, shape, values));
    return name;
  }

  private String scalarConstant(float value) {
    return constant(new float[] {value}, new int[0]);
  }

  private String int64Constant(int[] values) {
    String name = temporary();
    ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      raw.putLong(v);
    }
    initializers.add(tensor(name, new int[] {values.length}, INT64, raw.array()));
    return name;
  }

  private static byte[] floats(String name, int[] shape, float[] values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    return tensor(name, shape, FLOAT, raw.array());
  }

  private static byte[] tensor(String name, int[] shape, int type, byte[] raw) {
    return message(out -> {
      for (int d : shape) {
        out.writeInt64(1, d);
      }
      out.writeInt32(2, type);
      out.writeString(8, name);
      out.writeByteArray(9, raw);
    });
  }

  /** A graph input or output: its element type, and its shape with a symbolic batch in the first dimension. */
  private static byte[] valueInfo(String name, int type, int[] shape) {
    return message(out -> {
      out.writeString(1, name);
      out.writeByteArray(2, message(typeProto -> typeProto.writeByteArray(1, message(t -> {
        t.writeInt32(1, type);
        t.writeByteArray(2, shape(shape));
      }))));
    });
  }

  private static byte[] shape(int[] shape) {
    return message(out -> {
      for (int i = 0; i < shape.length; i++) {
        int d = shape[i];
        boolean batch = i == 0;
        out.writeByteArray(1, message(dim -> {
          if (batch) {
            dim.writeString(2, "batch");
          } else {
            dim.writeInt64(1, d);
          }
        }));
      }
    });
  }

  private void node(String type, List<String> inputs, String output, byte[]... attributes) {
    nodes.add(message(out -> {
      for (String input : inputs) {
        out.writeString(1, input);
      }
      out.writeString(2, output);
      out.writeString(3, output);
      out.writeString(4, type);
      for (byte[] attribute : attributes) {
        out.writeByteArray(5, attribute);
      }
    }));
  }

  private static byte[] integer(String name, long value) {
    return message(out -> {
      out.writeString(1, name);
      out.writeInt64(3, value);
      out.writeEnum(20, ATTRIBUTE_INT);
    });
  }

  private static byte[] ints(String name, int[] values) {
    return message(out -> {
      out.writeString(1, name);
      for (int v : values) {
        out.writeInt64(8, v);
      }
      out.writeEnum(20, ATTRIBUTE_INTS);
    });
  }

  private static byte[] string(String name, String value) {
    return message(out -> {
      out.writeString(1, name);
      out.writeBytes(4, com.google.protobuf.ByteString.copyFromUtf8(value));
      out.writeEnum(20, ATTRIBUTE_STRING);
    });
  }

  private interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] message(Fields fields) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      fields.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
