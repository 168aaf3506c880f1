package dev.tierbench.common.generate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.tensorflow.lite.schema.TensorType;

import com.google.protobuf.CodedOutputStream;

import dev.tierbench.common.model.OnnxQuantization;

/**
 * Serializes a {@link Graph} as an ONNX model (opset 13), for ONNX Runtime, whose Maven jar ships the linux-aarch64
 * library that DJL's TFLite lacks: the same network, operator for operator, with a symbolic batch dimension. TFLite
 * is NHWC and ONNX convolutions NCHW, so each convolution is wrapped in transposes and its kernel re-laid
 * ([out, k, k, in] to [out, in, k, k]; depthwise [1, k, k, c] to [c, 1, k, k], one group per channel); SAME
 * padding is ONNX's SAME_UPPER (the odd pixel after), as in TFLite. A dense layer is a Gemm, over the rows of a
 * flattened input when it has more than two dimensions.
 *
 * <p>With int8 encodings (see {@link Int8Quantizer}) the model is in QDQ form: each quantized tensor passes through
 * a QuantizeLinear and a DequantizeLinear with its scale and zero point, weights are int8 (per output channel where
 * TFLite's are) and biases int32 behind DequantizeLinear, and the graph's input and output are int8 as TFLite's
 * are. Activations (and the other quantized constants they meet) are stored as uint8 with zero points 128 higher:
 * the same quantization, every value where it was, in the form ONNX Runtime's integer kernels are built for (on
 * x86 its int8 × int8 convolution runs about four times slower than uint8 × int8, and it turns int8 activations
 * into uint8 itself, leaving the layers next to what stays int8 in float; its int8 softmax turns a probability of 1
 * into 0). ONNX Runtime fuses each DequantizeLinear → operator → QuantizeLinear group it has an integer kernel for
 * (Conv, Gemm, MatMul, Add, Mul, Sigmoid, Softmax; Transpose, Reshape and Gather move quantized data as it is) and
 * runs the others in float between the two. A layout step inside one of the graph's operators (the transposes around
 * a convolution, the reshapes around a dense layer) is quantized as the tensor it moves, so that the fusion sees the
 * pattern it looks for. The input's and output's quantization is also written into the model's metadata
 * ({@link OnnxQuantization}), where the agent reads it.
 *
 * <p>Messages are written field by field with protobuf's encoder (onnx.proto's field numbers), so no generated ONNX
 * classes are needed.
 */
public final class OnnxWriter {

  private static final int OPSET = 13;
  private static final int IR_VERSION = 7;
  private static final int FLOAT = 1;
  private static final int UINT8 = 2;
  private static final int INT8 = 3;
  private static final int INT32 = 6;
  private static final int INT64 = 7;
  private static final int ATTRIBUTE_INT = 2;
  private static final int ATTRIBUTE_STRING = 3;
  private static final int ATTRIBUTE_INTS = 7;
  private static final int[] TO_NCHW = {0, 3, 1, 2};
  private static final int[] TO_NHWC = {0, 2, 3, 1};

  private final Graph graph;
  private final Function<Graph.Tensor, Encoding> encodings;
  /** The layers' weights, which stay int8. */
  private final Set<Integer> weights = new HashSet<>();
  private final List<byte[]> nodes = new ArrayList<>();
  private final List<byte[]> initializers = new ArrayList<>();
  /** The value each consumer of a graph tensor reads (float, dequantized where quantized), by tensor id. */
  private final Map<Integer, String> values = new HashMap<>();
  /** How each tensor is stored inside the model, by tensor id. */
  private final Map<Integer, Encoding> storage = new HashMap<>();
  /** Scale and zero-point initializers, written once per encoding. */
  private final Map<Encoding, String[]> parameters = new IdentityHashMap<>();
  private final Map<Float, String> scalars = new HashMap<>();
  private int temporaries;

  private OnnxWriter(Graph graph, Function<Graph.Tensor, Encoding> encodings) {
    this.graph = graph;
    this.encodings = encodings;
    for (Graph.Operation op : graph.operations()) {
      if (op.op() == Op.FULLY_CONNECTED || op.op() == Op.CONV_2D || op.op() == Op.DEPTHWISE_CONV_2D) {
        weights.add(op.inputs()[1]);
      }
    }
  }

  /** A float32 model. */
  public static byte[] write(Graph graph) {
    return write(graph, Encoding::unquantized);
  }

  /** A model whose tensors are stored as {@code encodings} says: QDQ where they are quantized. */
  public static byte[] write(Graph graph, Function<Graph.Tensor, Encoding> encodings) {
    return new OnnxWriter(graph, encodings).model();
  }

  /** A node not yet written: its output is named when it is. */
  private record Node(String type, List<String> inputs, byte[]... attributes) {}

  private byte[] model() {
    Graph.Tensor input = graph.tensor(graph.input());
    Encoding in = declared(input.id());
    values.put(input.id(), in.quantized() ? requantized(dequantize(name(input.id()), in, name(input.id()) + "/float"),
        encoding(input.id())) : name(input.id()));
    for (Graph.Operation op : graph.operations()) {
      write(operation(op), target(op.output()));
      store(op.output());
    }
    Graph.Tensor output = graph.tensor(graph.output());
    Encoding out = declared(output.id());
    byte[] graphBytes = message(o -> {
      for (byte[] node : nodes) {
        o.writeByteArray(1, node);
      }
      o.writeString(2, "tierbench");
      for (byte[] initializer : initializers) {
        o.writeByteArray(5, initializer);
      }
      o.writeString(10, graph.description());
      o.writeByteArray(11, valueInfo(name(input.id()), type(in), input.shape()));
      o.writeByteArray(12, valueInfo(name(output.id()), type(out), output.shape()));
    });
    return message(o -> {
      o.writeInt64(1, IR_VERSION);
      o.writeString(2, "tierbench");
      o.writeByteArray(7, graphBytes);
      o.writeByteArray(8, message(opset -> {
        opset.writeString(1, "");
        opset.writeInt64(2, OPSET);
      }));
      for (Graph.Tensor t : List.of(input, output)) {
        Encoding e = declared(t.id());
        if (e.quantized()) {
          o.writeByteArray(14, message(entry -> {
            entry.writeString(1, OnnxQuantization.key(name(t.id())));
            entry.writeString(2, new OnnxQuantization(e.scales()[0], (int) e.zeroPoints()[0]).value());
          }));
        }
      }
    });
  }

  /** The operator's nodes but the last, which is returned for {@link #write(Node, String)} to name its output. */
  private Node operation(Graph.Operation op) {
    int[] in = op.inputs();
    String x = read(in[0]);
    return switch (op.op()) {
      case FULLY_CONNECTED -> dense(op, x);
      case CONV_2D, DEPTHWISE_CONV_2D -> convolution(op, x);
      case ADD -> new Node("Add", List.of(x, read(in[1])));
      case SUB -> new Node("Sub", List.of(x, read(in[1])));
      case MUL -> new Node("Mul", List.of(x, read(in[1])));
      case LOGISTIC -> new Node("Sigmoid", List.of(x));
      case TANH -> new Node("Tanh", List.of(x));
      case RSQRT -> new Node("Reciprocal", List.of(write(new Node("Sqrt", List.of(x)))));
      case MEAN -> new Node("ReduceMean", List.of(x), ints("axes", op.axes()), integer("keepdims", 1));
      case SOFTMAX -> new Node("Softmax", List.of(x), integer("axis", -1));
      case RESHAPE -> new Node("Reshape", List.of(x, int64Constant(GraphBuilder.batchWildcard(op.axes()))));
      case TRANSPOSE -> new Node("Transpose", List.of(x), ints("perm", op.axes()));
      case GATHER -> new Node("Gather", List.of(x, read(in[1])), integer("axis", 0));
      case BATCH_MATMUL -> {
        String b = read(in[1]);
        if (op.adjointY()) {
          int rank = graph.tensor(in[1]).shape().length;
          int[] perm = new int[rank];
          for (int i = 0; i < rank; i++) {
            perm[i] = i;
          }
          perm[rank - 2] = rank - 1;
          perm[rank - 1] = rank - 2;
          b = moved(new Node("Transpose", List.of(b), ints("perm", perm)), in[1]);
        }
        yield new Node("MatMul", List.of(x, b));
      }
    };
  }

  /** Gemm with the [out, in] weights as they are (transB); an input of more dimensions as rows of features. */
  private Node dense(Graph.Operation op, String x) {
    int[] in = op.inputs();
    int[] shape = graph.tensor(in[0]).shape();
    String rows = x;
    if (shape.length > 2) {
      rows = moved(new Node("Reshape", List.of(x, int64Constant(new int[] {-1, shape[shape.length - 1]}))), in[0]);
    }
    Node gemm = activated(op, new Node("Gemm", List.of(rows, read(in[1]), read(in[2])), integer("transB", 1)));
    if (shape.length == 2) {
      return gemm;
    }
    int[] out = GraphBuilder.batchWildcard(graph.tensor(op.output()).shape());
    return new Node("Reshape", List.of(moved(gemm, op.output()), int64Constant(out)));
  }

  private Node convolution(Graph.Operation op, String x) {
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
    // The output channels lie along axis 0 of the ONNX kernel, wherever TFLite keeps them.
    String filters = stored(name(w.id()), kernel, new int[] {outChannels, perGroup, k, k},
        encoding(w.id()).alongAxis(0));
    String nchw = moved(new Node("Transpose", List.of(x), ints("perm", TO_NCHW)), in[0]);
    Node conv = activated(op, new Node("Conv", List.of(nchw, filters, read(in[2])),
        ints("strides", new int[] {op.stride(), op.stride()}), ints("kernel_shape", new int[] {k, k}),
        string("auto_pad", "SAME_UPPER"), integer("group", depthwise ? outChannels : 1)));
    return new Node("Transpose", List.of(moved(conv, op.output())), ints("perm", TO_NHWC));
  }

  /** The operator's fused activation after its node, before any quantization: ONNX Runtime folds it in. */
  private Node activated(Graph.Operation op, Node node) {
    return switch (op.activation()) {
      case NONE -> node;
      case RELU -> new Node("Relu", List.of(write(node)));
      case RELU6 -> new Node("Clip", List.of(write(node), scalar(0f), scalar(6f)));
      default -> throw new IllegalStateException(op.activation() + " is never fused");
    };
  }

  /**
   * The output of a layout step (or of the operator before one), stored as graph tensor {@code like} is: a
   * quantized value stays quantized across the step, as the integer operators on either side expect.
   */
  private String moved(Node node, int like) {
    return requantized(write(node), encoding(like));
  }

  /** {@code value} quantized and dequantized as {@code e} says, unless it is not quantized. */
  private String requantized(String value, Encoding e) {
    return e.quantized() ? dequantize(quantize(value, e, temporary()), e, temporary()) : value;
  }

  /** Where the operator producing {@code tensor} writes its float result. */
  private String target(int tensor) {
    return encoding(tensor).quantized() ? name(tensor) + "/float" : name(tensor);
  }

  /** Makes the operator's result readable: quantized and dequantized if encoded; the graph's output as declared. */
  private void store(int tensor) {
    Encoding e = encoding(tensor);
    String name = name(tensor);
    if (!e.quantized()) {
      values.put(tensor, name);
    } else if (tensor == graph.output()) {
      quantize(requantized(target(tensor), e), declared(tensor), name);
    } else {
      values.put(tensor, dequantize(quantize(target(tensor), e, name + "/quantized"), e, name));
    }
  }

  /** What reads graph tensor {@code tensor}: an operator's result, or a constant, written at its first use. */
  private String read(int tensor) {
    String value = values.get(tensor);
    if (value == null) {
      Graph.Tensor t = graph.tensor(tensor);
      value = stored(name(tensor), t.data(), t.shape(), encoding(tensor));
      values.put(tensor, value);
    }
    return value;
  }

  /** A constant as float, or as integers behind a DequantizeLinear. */
  private String stored(String name, float[] data, int[] shape, Encoding e) {
    if (!e.quantized()) {
      initializers.add(floats(name, shape, data));
      return name;
    }
    String raw = name + "/quantized";
    initializers.add(tensor(raw, shape, type(e), e.encode(data, shape)));
    return dequantize(raw, e, name);
  }

  private String quantize(String value, Encoding e, String output) {
    String[] p = parameters(e);
    return write(new Node("QuantizeLinear", List.of(value, p[0], p[1])), output);
  }

  private String dequantize(String value, Encoding e, String output) {
    String[] p = parameters(e);
    return write(e.perChannel() ? new Node("DequantizeLinear", List.of(value, p[0], p[1]), integer("axis", e.axis()))
        : new Node("DequantizeLinear", List.of(value, p[0], p[1])), output);
  }

  /** Scale and zero point: scalars per tensor, vectors per channel; the zero point of the encoding's type. */
  private String[] parameters(Encoding e) {
    return parameters.computeIfAbsent(e, key -> {
      int[] shape = e.perChannel() ? new int[] {e.scales().length} : new int[0];
      String scale = temporary();
      initializers.add(floats(scale, shape, e.scales()));
      boolean wide = e.type() == TensorType.INT32;
      ByteBuffer zeros = ByteBuffer.allocate(e.zeroPoints().length * (wide ? 4 : 1)).order(ByteOrder.LITTLE_ENDIAN);
      for (long z : e.zeroPoints()) {
        if (wide) {
          zeros.putInt((int) z);
        } else {
          zeros.put((byte) z);
        }
      }
      String zeroPoint = temporary();
      initializers.add(tensor(zeroPoint, shape, type(e), zeros.array()));
      return new String[] {scale, zeroPoint};
    });
  }

  /** The ONNX element type of tensors stored so. */
  private static int type(Encoding e) {
    return switch (e.type()) {
      case TensorType.INT8 -> INT8;
      case TensorType.UINT8 -> UINT8;
      case TensorType.INT32 -> INT32;
      default -> FLOAT;
    };
  }

  /** How the graph's input or output is declared: as the encodings say (int8 for a quantized model). */
  private Encoding declared(int tensor) {
    return encodings.apply(graph.tensor(tensor));
  }

  /** How a tensor is stored inside the model: int8 weights, everything else quantized as uint8 (see above). */
  private Encoding encoding(int tensor) {
    return storage.computeIfAbsent(tensor, id -> {
      Encoding e = declared(id);
      return e.type() == TensorType.INT8 && !weights.contains(id) ? e.unsigned() : e;
    });
  }

  private String name(int tensor) {
    return "t" + tensor + "_" + graph.tensor(tensor).name();
  }

  private String temporary() {
    return "tmp" + temporaries++;
  }

  private String scalar(float value) {
    return scalars.computeIfAbsent(value, v -> {
      String name = temporary();
      initializers.add(floats(name, new int[0], new float[] {v}));
      return name;
    });
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

  /** Writes {@code node} with a new temporary output, which it returns. */
  private String write(Node node) {
    return write(node, temporary());
  }

  private String write(Node node, String output) {
    nodes.add(message(out -> {
      for (String input : node.inputs()) {
        out.writeString(1, input);
      }
      out.writeString(2, output);
      out.writeString(3, output);
      out.writeString(4, node.type());
      for (byte[] attribute : node.attributes()) {
        out.writeByteArray(5, attribute);
      }
    }));
    return output;
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
