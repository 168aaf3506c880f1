package dev.tierbench.common.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.tensorflow.lite.schema.ActivationFunctionType;
import org.tensorflow.lite.schema.AddOptionsT;
import org.tensorflow.lite.schema.BatchMatMulOptionsT;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.BuiltinOptionsUnion;
import org.tensorflow.lite.schema.Conv2DOptionsT;
import org.tensorflow.lite.schema.DepthwiseConv2DOptionsT;
import org.tensorflow.lite.schema.FullyConnectedOptionsT;
import org.tensorflow.lite.schema.GatherOptionsT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.MulOptionsT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.Padding;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.ReducerOptionsT;
import org.tensorflow.lite.schema.ReshapeOptionsT;
import org.tensorflow.lite.schema.SoftmaxOptionsT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.SubOptionsT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TransposeOptionsT;

/**
 * Serializes a {@link Graph} as a TFLite model with the schema's object API: schema version 3, the empty
 * buffer 0 that activations point to, one buffer per constant, operator codes deduplicated; float32, or as
 * the given encodings say (int8 with quantization parameters).
 */
public final class TfliteWriter {

  private static final int SCHEMA_VERSION = 3;
  /** Builtin codes above this live only in builtin_code; older readers look at the deprecated byte. */
  private static final int LAST_DEPRECATED_CODE = 127;

  private TfliteWriter() {}

  /** A float32 model (int32 where the graph says integer). */
  public static byte[] write(Graph graph) {
    return write(graph, Encoding::unquantized);
  }

  /** A model whose tensors are stored as {@code encodings} says (an int8 model, say). */
  public static byte[] write(Graph graph, Function<Graph.Tensor, Encoding> encodings) {
    List<BufferT> buffers = new ArrayList<>();
    buffers.add(new BufferT());
    TensorT[] tensors = new TensorT[graph.tensors().size()];
    for (Graph.Tensor t : graph.tensors()) {
      Encoding encoding = encodings.apply(t);
      TensorT tensor = new TensorT();
      tensor.setName(t.name());
      tensor.setShape(t.shape());
      tensor.setType(encoding.type());
      if (encoding.quantized()) {
        QuantizationParametersT quantization = new QuantizationParametersT();
        quantization.setScale(encoding.scales());
        quantization.setZeroPoint(encoding.zeroPoints());
        quantization.setQuantizedDimension(encoding.axis());
        tensor.setQuantization(quantization);
      }
      if (t.constant()) {
        BufferT buffer = new BufferT();
        buffer.setData(unsigned(encoding.encode(t.data(), t.shape())));
        tensor.setBuffer(buffers.size());
        buffers.add(buffer);
      }
      tensors[t.id()] = tensor;
    }
    Map<Op, Integer> codes = new LinkedHashMap<>();
    List<OperatorT> operators = new ArrayList<>();
    for (Graph.Operation op : graph.operations()) {
      OperatorT operator = new OperatorT();
      operator.setOpcodeIndex(codes.computeIfAbsent(op.op(), o -> codes.size()));
      operator.setInputs(op.inputs());
      operator.setOutputs(new int[] {op.output()});
      operator.setBuiltinOptions(options(op));
      operators.add(operator);
    }
    SubGraphT subgraph = new SubGraphT();
    subgraph.setName("main");
    subgraph.setTensors(tensors);
    subgraph.setInputs(new int[] {graph.input()});
    subgraph.setOutputs(new int[] {graph.output()});
    subgraph.setOperators(operators.toArray(new OperatorT[0]));

    ModelT model = new ModelT();
    model.setVersion(SCHEMA_VERSION);
    model.setDescription(graph.description());
    model.setOperatorCodes(codes.keySet().stream().map(TfliteWriter::code).toArray(OperatorCodeT[]::new));
    model.setSubgraphs(new SubGraphT[] {subgraph});
    model.setBuffers(buffers.toArray(new BufferT[0]));
    return model.serializeToBinary();
  }

  private static OperatorCodeT code(Op op) {
    int builtin = builtin(op);
    OperatorCodeT code = new OperatorCodeT();
    code.setBuiltinCode(builtin);
    code.setDeprecatedBuiltinCode((byte) Math.min(builtin, LAST_DEPRECATED_CODE));
    code.setVersion(1);
    return code;
  }

  private static int builtin(Op op) {
    switch (op) {
      case FULLY_CONNECTED: return BuiltinOperator.FULLY_CONNECTED;
      case CONV_2D: return BuiltinOperator.CONV_2D;
      case DEPTHWISE_CONV_2D: return BuiltinOperator.DEPTHWISE_CONV_2D;
      case ADD: return BuiltinOperator.ADD;
      case SUB: return BuiltinOperator.SUB;
      case MUL: return BuiltinOperator.MUL;
      case LOGISTIC: return BuiltinOperator.LOGISTIC;
      case TANH: return BuiltinOperator.TANH;
      case RSQRT: return BuiltinOperator.RSQRT;
      case MEAN: return BuiltinOperator.MEAN;
      case SOFTMAX: return BuiltinOperator.SOFTMAX;
      case RESHAPE: return BuiltinOperator.RESHAPE;
      case TRANSPOSE: return BuiltinOperator.TRANSPOSE;
      case GATHER: return BuiltinOperator.GATHER;
      case BATCH_MATMUL: return BuiltinOperator.BATCH_MATMUL;
      default: throw new IllegalArgumentException("no TFLite builtin for " + op);
    }
  }

  private static BuiltinOptionsUnion options(Graph.Operation op) {
    BuiltinOptionsUnion union = new BuiltinOptionsUnion();
    switch (op.op()) {
      case FULLY_CONNECTED: {
        FullyConnectedOptionsT o = new FullyConnectedOptionsT();
        o.setFusedActivationFunction(fused(op.activation()));
        o.setKeepNumDims(true);
        return union(union, BuiltinOptions.FullyConnectedOptions, o);
      }
      case CONV_2D: {
        Conv2DOptionsT o = new Conv2DOptionsT();
        o.setPadding(Padding.SAME);
        o.setStrideH(op.stride());
        o.setStrideW(op.stride());
        o.setDilationHFactor(1);
        o.setDilationWFactor(1);
        o.setFusedActivationFunction(fused(op.activation()));
        return union(union, BuiltinOptions.Conv2DOptions, o);
      }
      case DEPTHWISE_CONV_2D: {
        DepthwiseConv2DOptionsT o = new DepthwiseConv2DOptionsT();
        o.setPadding(Padding.SAME);
        o.setStrideH(op.stride());
        o.setStrideW(op.stride());
        o.setDepthMultiplier(1);
        o.setDilationHFactor(1);
        o.setDilationWFactor(1);
        o.setFusedActivationFunction(fused(op.activation()));
        return union(union, BuiltinOptions.DepthwiseConv2DOptions, o);
      }
      case ADD:
        return union(union, BuiltinOptions.AddOptions, new AddOptionsT());
      case SUB:
        return union(union, BuiltinOptions.SubOptions, new SubOptionsT());
      case MUL:
        return union(union, BuiltinOptions.MulOptions, new MulOptionsT());
      case MEAN: {
        ReducerOptionsT o = new ReducerOptionsT();
        o.setKeepDims(true);
        return union(union, BuiltinOptions.ReducerOptions, o);
      }
      case SOFTMAX: {
        SoftmaxOptionsT o = new SoftmaxOptionsT();
        o.setBeta(1f);
        return union(union, BuiltinOptions.SoftmaxOptions, o);
      }
      case RESHAPE: {
        ReshapeOptionsT o = new ReshapeOptionsT();
        o.setNewShape(GraphBuilder.batchWildcard(op.axes()));
        return union(union, BuiltinOptions.ReshapeOptions, o);
      }
      case TRANSPOSE:
        return union(union, BuiltinOptions.TransposeOptions, new TransposeOptionsT());
      case GATHER: {
        GatherOptionsT o = new GatherOptionsT();
        o.setAxis(0);
        return union(union, BuiltinOptions.GatherOptions, o);
      }
      case BATCH_MATMUL: {
        BatchMatMulOptionsT o = new BatchMatMulOptionsT();
        o.setAdjY(op.adjointY());
        return union(union, BuiltinOptions.BatchMatMulOptions, o);
      }
      default:
        return null; // LOGISTIC, TANH, RSQRT take no options
    }
  }

  private static BuiltinOptionsUnion union(BuiltinOptionsUnion union, byte type, Object value) {
    union.setType(type);
    union.setValue(value);
    return union;
  }

  private static byte fused(Activation activation) {
    switch (activation) {
      case RELU: return ActivationFunctionType.RELU;
      case RELU6: return ActivationFunctionType.RELU6;
      default: return ActivationFunctionType.NONE;
    }
  }

  /** The schema's ubyte vector: one int per byte. */
  private static int[] unsigned(byte[] raw) {
    int[] data = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      data[i] = raw[i] & 0xff;
    }
    return data;
  }
}
