package dev.tierbench.common.generate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Full-integer (int8) post-training quantization of a generated graph, calibrated on sample inputs: int8
 * activations (asymmetric, per tensor, from the calibrated ranges), int8 weights (symmetric, per output
 * channel for convolutions), int32 biases, int8 model input and output (token ids stay int32). Every operator
 * the families use has an int8 kernel in TFLite 2.6 (RSQRT included: checked by running it), so nothing falls
 * back to float. One calibration gives both engines' models, TFLite and ONNX (QDQ), with the same encodings.
 */
public final class Int8Quantizer {

  /** What calibrating gave: every tensor's encoding, from which each engine's model is written. */
  public record Int8Model(Graph graph, Map<Integer, Encoding> encodings) {
    public Int8Model {
      encodings = Map.copyOf(encodings);
    }

    public byte[] tflite() {
      return TfliteWriter.write(graph, this::encoding);
    }

    /** The same quantization in ONNX's QDQ form (see {@link OnnxWriter}). */
    public byte[] onnx() {
      return OnnxWriter.write(graph, this::encoding);
    }

    public Encoding input() {
      return encodings.get(graph.input());
    }

    public Encoding output() {
      return encodings.get(graph.output());
    }

    private Encoding encoding(Graph.Tensor t) {
      return encodings.get(t.id());
    }
  }

  private Int8Quantizer() {}

  public static Int8Model quantize(Graph graph, List<float[]> calibration) {
    if (calibration.isEmpty()) {
      throw new IllegalArgumentException("int8 quantization needs calibration inputs");
    }
    double[] min = new double[graph.tensors().size()];
    double[] max = new double[graph.tensors().size()];
    java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (float[] input : calibration) {
      float[][] values = ReferenceForward.runAll(graph, input);
      for (int t = 0; t < values.length; t++) {
        if (values[t] != null && !graph.tensor(t).constant()) {
          for (float v : values[t]) {
            min[t] = Math.min(min[t], v);
            max[t] = Math.max(max[t], v);
          }
        }
      }
    }
    return new Encodings(graph, min, max).run();
  }

  /** Chooses every tensor's encoding, operator by operator. */
  private static final class Encodings {
    private final Graph graph;
    private final double[] min;
    private final double[] max;
    private final Map<Integer, Encoding> encodings = new HashMap<>();

    Encodings(Graph graph, double[] min, double[] max) {
      this.graph = graph;
      this.min = min;
      this.max = max;
    }

    Int8Model run() {
      encodings.put(graph.input(), graph.tensor(graph.input()).integer() ? Encoding.INT32 : activation(graph.input()));
      graph.operations().forEach(this::encode);
      graph.tensors().forEach(t -> encodings.computeIfAbsent(t.id(), id -> constant(t)));
      return new Int8Model(graph, encodings);
    }

    private void encode(Graph.Operation op) {
      int[] in = op.inputs();
      int out = op.output();
      switch (op.op()) {
        case FULLY_CONNECTED:
        case CONV_2D:
        case DEPTHWISE_CONV_2D: {
          Graph.Tensor weights = graph.tensor(in[1]);
          int axis = op.op() == Op.CONV_2D ? 0 : op.op() == Op.DEPTHWISE_CONV_2D ? 3 : -1;
          Encoding w = Encoding.int8Symmetric(weights.data(), weights.shape(), axis);
          encodings.put(in[1], w);
          encodings.put(in[2], Encoding.int32Bias(encodings.get(in[0]).scales()[0], w.scales()));
          // Calibrated after a fused RELU6 (the reference applies it): [0, at most 6], zero point −128, so the
          // clamp costs nothing in either engine (ONNX Runtime drops the Clip).
          double largestWeightScale = 0;
          for (float scale : w.scales()) {
            largestWeightScale = Math.max(largestWeightScale, scale);
          }
          encodings.put(out, activation(out, encodings.get(in[0]).scales()[0] * largestWeightScale));
          break;
        }
        case MUL:
          encodings.put(out, activation(out, scale(in[0]) * scale(in[1])));
          break;
        case LOGISTIC:
        case SOFTMAX:
          encodings.put(out, Encoding.int8Fixed(1f / 256, -128));
          break;
        case TANH:
          encodings.put(out, Encoding.int8Fixed(1f / 128, 0));
          break;
        case RESHAPE:
        case TRANSPOSE:
          // Moving data must not rescale it: int8 kernels require the same parameters in and out.
          encodings.put(out, encodings.get(in[0]));
          break;
        case GATHER:
          encodings.put(in[0], constant(graph.tensor(in[0])));
          encodings.put(out, encodings.get(in[0]));
          break;
        default:
          encodings.put(out, activation(out));
      }
    }

    private Encoding activation(int tensor) {
      return Encoding.int8(min[tensor], max[tensor]);
    }

    /** An operand's (first) scale; a constant operand is encoded on first use. */
    private double scale(int tensor) {
      return encodings.computeIfAbsent(tensor, id -> constant(graph.tensor(id))).scales()[0];
    }

    /**
     * The output of a product whose inputs' scales multiply to {@code product}: integer kernels (XNNPACK's) rescale
     * it by product / output scale, which must stay below 256. A tensor calibrated to a constant (a ReLU6 that never
     * fired on the calibration samples) would otherwise get a scale so small that no kernel can rescale to it.
     */
    private Encoding activation(int tensor, double product) {
      return Encoding.int8(min[tensor], max[tensor], product / 255);
    }

    /** Other constants (scales, shifts, tables, shapes): int32 stays; floats get int8 over their own range. */
    private static Encoding constant(Graph.Tensor t) {
      if (t.integer()) {
        return Encoding.INT32;
      }
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (float v : t.data()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      return Encoding.int8(lo, hi);
    }
  }
}
