package dev.tierbench.common.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.tensorflow.lite.schema.BatchMatMulOptions;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.Pool2DOptions;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;
import org.tensorflow.lite.schema.TensorType;

/**
 * Reads a {@code .tflite} file with the TFLite schema classes (flatbuffers, read in place: weights are not
 * copied) and reports every operator's cost and the model's totals. Checks what the interpreter would trip
 * over (identifier, truncation, indices out of range, buffers that do not fit their tensors) and says so in
 * one line. The first subgraph is the model; others (control flow bodies) are counted in a warning.
 */
public final class ModelInspector {

  private ModelInspector() {}

  /** @throws ModelFormatException if the file is not a well-formed TFLite model */
  public static ModelSummary inspect(Path file) throws IOException {
    return inspect(file.getFileName().toString(), ModelBytes.read(file));
  }

  /** @throws ModelFormatException naming {@code name} and the problem */
  public static ModelSummary inspect(String name, byte[] bytes) {
    // Only a verified flatbuffer is read: the schema accessors follow offsets and lengths wherever they point.
    TfliteVerifier.verify(name, bytes);
    Model model = Model.getRootAsModel(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    return new Reader(name, bytes.length, model).read();
  }

  /** Bytes per element of a tensor type, or -1 for variable-size types (strings, resources). */
  static double elementBytes(String type) {
    switch (type) {
      case "float64": case "int64": case "uint64": case "complex64":
        return 8;
      case "complex128":
        return 16;
      case "float32": case "int32": case "uint32":
        return 4;
      case "float16": case "int16": case "uint16":
        return 2;
      case "int8": case "uint8": case "bool":
        return 1;
      case "int4":
        return 0.5;
      default:
        return -1;
    }
  }

  /** Reads one verified model. */
  private static final class Reader {
    private final String name;
    private final long fileBytes;
    private final Model model;

    Reader(String name, long fileBytes, Model model) {
      this.name = name;
      this.fileBytes = fileBytes;
      this.model = model;
    }

    ModelSummary read() {
      if (model.subgraphsLength() < 1) {
        throw new ModelFormatException(name + ": the model has no subgraph");
      }
      List<String> warnings = new ArrayList<>();
      if (model.subgraphsLength() > 1) {
        warnings.add(model.subgraphsLength() + " subgraphs: only the first (the main graph) is costed");
      }
      SubGraph graph = model.subgraphs(0);
      int tensorCount = graph.tensorsLength();
      List<TensorDesc> tensors = new ArrayList<>();
      for (int i = 0; i < tensorCount; i++) {
        tensors.add(tensor(graph.tensors(i), i));
      }
      List<String> opNames = new ArrayList<>();
      for (int i = 0; i < model.operatorCodesLength(); i++) {
        opNames.add(opName(model.operatorCodes(i)));
      }

      int opCount = graph.operatorsLength();
      List<OperatorCost> operators = new ArrayList<>();
      Set<String> unknown = new LinkedHashSet<>();
      Set<Integer> constantsRead = new HashSet<>();
      long macs = 0;
      long flops = 0;
      int[] firstUse = new int[tensorCount];
      int[] lastUse = new int[tensorCount];
      java.util.Arrays.fill(firstUse, Integer.MAX_VALUE);
      java.util.Arrays.fill(lastUse, -1);
      for (int i = 0; i < opCount; i++) {
        Operator op = graph.operators(i);
        long opcode = op.opcodeIndex();
        if (opcode < 0 || opcode >= opNames.size()) {
          throw new ModelFormatException(name + ": operator " + i + " uses operator code " + opcode + ", but the model"
              + " has " + opNames.size());
        }
        String opName = opNames.get((int) opcode);
        List<TensorDesc> in = new ArrayList<>();
        for (int k = 0; k < op.inputsLength(); k++) {
          int t = checkedIndex(op.inputs(k), tensorCount, "input " + k + " of operator " + i + " (" + opName + ")");
          in.add(t < 0 ? null : tensors.get(t));
          if (t >= 0) {
            firstUse[t] = Math.min(firstUse[t], i);
            lastUse[t] = Math.max(lastUse[t], i);
          }
        }
        List<TensorDesc> out = new ArrayList<>();
        for (int k = 0; k < op.outputsLength(); k++) {
          int t = checkedIndex(op.outputs(k), tensorCount, "output " + k + " of operator " + i + " (" + opName + ")");
          if (t >= 0) {
            out.add(tensors.get(t));
            firstUse[t] = Math.min(firstUse[t], i);
            lastUse[t] = Math.max(lastUse[t], i);
          }
        }
        long params = 0;
        for (TensorDesc t : in) {
          if (t != null && t.constant() && CostRules.isParameter(opName, t)) {
            params += t.elements();
            constantsRead.add(t.index());
          }
        }
        CostRules.Cost cost = cost(opName, in, out, op, i);
        if (cost.flops() < 0) {
          unknown.add(opName);
        } else {
          flops = total(flops, cost.flops(), "FLOPs");
        }
        macs = total(macs, cost.macs(), "MACs");
        // Absent optional inputs (index -1) mattered for positions in the cost rules; the report lists present ones.
        operators.add(new OperatorCost(i, opName, in.stream().filter(java.util.Objects::nonNull).toList(), out, params,
            cost.macs(), cost.flops()));
      }
      if (!unknown.isEmpty()) {
        warnings.add("FLOPs unknown for " + String.join(", ", unknown) + ": their FLOPs are not in the total");
      }

      List<TensorDesc> inputs = ends(graph, true, tensors, firstUse, lastUse, opCount);
      List<TensorDesc> outputs = ends(graph, false, tensors, firstUse, lastUse, opCount);

      long parameters = 0;
      long weightBytes = 0;
      for (int t : constantsRead) {
        parameters += tensors.get(t).elements();
        weightBytes += tensors.get(t).bytes();
      }
      return new ModelSummary(name, fileBytes, model.subgraphsLength(), operators, parameters, weightBytes, macs, flops,
          new ArrayList<>(unknown), peakActivationBytes(tensors, firstUse, lastUse, opCount), inputs, outputs,
          Quantization.classify(operators, inputs), warnings);
    }

    private TensorDesc tensor(Tensor t, int index) {
      int[] shape = new int[t.shapeLength()];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = t.shape(d);
      }
      int[] signature = new int[t.shapeSignatureLength()];
      for (int d = 0; d < signature.length; d++) {
        signature[d] = t.shapeSignature(d);
      }
      String type = typeName(t.type());
      long bufferIndex = t.buffer();
      if (bufferIndex < 0 || bufferIndex >= model.buffersLength()) {
        throw new ModelFormatException(name + ": tensor " + index + " (" + t.name() + ") refers to buffer "
            + bufferIndex + ", but the model has " + model.buffersLength());
      }
      int stored = bufferIndex == 0 ? 0 : model.buffers((int) bufferIndex).dataLength();
      double size = elementBytes(type);
      long expected = size < 0 ? stored : (long) Math.ceil(TensorDesc.elements(shape) * size);
      if (stored > 0 && size > 0 && stored != expected) {
        throw new ModelFormatException(name + ": tensor " + index + " (" + t.name() + ", " + type
            + java.util.Arrays.toString(shape) + ") needs " + expected + " bytes but its buffer " + bufferIndex
            + " holds " + stored);
      }
      QuantizationParameters q = t.quantization();
      float scale = q != null && q.scaleLength() > 0 ? q.scale(0) : 0;
      long zeroPoint = q != null && q.zeroPointLength() > 0 ? q.zeroPoint(0) : 0;
      return new TensorDesc(index, t.name() == null ? "" : t.name(), type, shape, signature, stored > 0, expected,
          scale, zeroPoint);
    }

    private CostRules.Cost cost(String opName, List<TensorDesc> in, List<TensorDesc> out, Operator op, int index) {
      CostRules.Options options = CostRules.Options.NONE;
      if (op.builtinOptionsType() == BuiltinOptions.Pool2DOptions) {
        Pool2DOptions pool = (Pool2DOptions) op.builtinOptions(new Pool2DOptions());
        if (pool.filterWidth() < 0 || pool.filterHeight() < 0) {
          throw new ModelFormatException(name + ": operator " + index + " (" + opName + ") has a pool window of "
              + pool.filterWidth() + " x " + pool.filterHeight());
        }
        options = new CostRules.Options((long) pool.filterWidth() * pool.filterHeight(), false);
      } else if (op.builtinOptionsType() == BuiltinOptions.BatchMatMulOptions) {
        BatchMatMulOptions matmul = (BatchMatMulOptions) op.builtinOptions(new BatchMatMulOptions());
        options = new CostRules.Options(1, matmul.adjX());
      }
      try {
        return CostRules.of(opName, in, out, options);
      } catch (IndexOutOfBoundsException | NullPointerException e) {
        throw new ModelFormatException(name + ": operator " + index + " (" + opName + ") lacks the inputs or shapes"
            + " its kind has (inputs " + in + ")", e);
      } catch (ArithmeticException e) {
        throw new ModelFormatException(name + ": operator " + index + " (" + opName + ") has a cost beyond 64 bits"
            + " (inputs " + in + ", outputs " + out + ")", e);
      }
    }

    /** A model total plus one operator's share, refused when corrupt shapes make it overflow. */
    private long total(long sum, long term, String what) {
      try {
        return Math.addExact(sum, term);
      } catch (ArithmeticException e) {
        throw new ModelFormatException(name + ": the model's " + what + " exceed 64 bits", e);
      }
    }

    private int checkedIndex(int index, int count, String what) {
      if (index < -1 || index >= count) {
        throw new ModelFormatException(name + ": " + what + " refers to tensor " + index + ", but the graph has "
            + count + " tensors");
      }
      return index;
    }

    /** The graph's inputs (alive from the start) or outputs (alive to the end). */
    private List<TensorDesc> ends(SubGraph graph, boolean inputs, List<TensorDesc> tensors, int[] firstUse,
        int[] lastUse, int opCount) {
      int length = inputs ? graph.inputsLength() : graph.outputsLength();
      List<TensorDesc> ends = new ArrayList<>();
      for (int k = 0; k < length; k++) {
        int t = checkedIndex(inputs ? graph.inputs(k) : graph.outputs(k), tensors.size(),
            "graph " + (inputs ? "input " : "output ") + k);
        ends.add(tensors.get(t));
        if (inputs) {
          firstUse[t] = 0;
          lastUse[t] = Math.max(lastUse[t], 0);
        } else {
          firstUse[t] = Math.min(firstUse[t], opCount - 1);
          lastUse[t] = opCount - 1;
        }
      }
      return ends;
    }

    private String opName(OperatorCode code) {
      // Codes above 127 live in builtin_code; older files only fill the deprecated byte.
      int builtin = Math.max(code.builtinCode(), code.deprecatedBuiltinCode());
      if (builtin == BuiltinOperator.CUSTOM) {
        return "CUSTOM:" + code.customCode();
      }
      try {
        return BuiltinOperator.name(builtin);
      } catch (ArrayIndexOutOfBoundsException newerThanSchema) {
        return "BUILTIN_" + builtin;
      }
    }
  }

  private static String typeName(byte type) {
    try {
      return TensorType.name(type).toLowerCase(Locale.ROOT);
    } catch (ArrayIndexOutOfBoundsException newerThanSchema) {
      return "type" + type;
    }
  }

  private static long peakActivationBytes(List<TensorDesc> tensors, int[] firstUse, int[] lastUse, int opCount) {
    long[] delta = new long[Math.max(opCount, 1) + 1];
    for (TensorDesc t : tensors) {
      int first = firstUse[t.index()];
      int last = lastUse[t.index()];
      if (t.constant() || last < 0 || first == Integer.MAX_VALUE) {
        continue;
      }
      delta[first] += t.bytes();
      delta[last + 1] -= t.bytes();
    }
    long live = 0;
    long peak = 0;
    for (int i = 0; i < delta.length - 1; i++) {
      live += delta[i];
      peak = Math.max(peak, live);
    }
    return peak;
  }
}
