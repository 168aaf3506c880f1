package dev.tierbench.common.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link Graph} operator by operator, inferring every output shape and checking every input's, so a
 * family's mistake fails here with the operator named rather than inside TFLite.
 */
public final class GraphBuilder {

  private final String description;
  private final List<Graph.Tensor> tensors = new ArrayList<>();
  private final List<Graph.Operation> operations = new ArrayList<>();
  private int input = -1;
  private final java.util.Map<Float, Integer> scalars = new java.util.HashMap<>();

  public GraphBuilder(String description) {
    this.description = description;
  }

  /** The graph's one input: float32, or int32 for token ids. */
  public int input(String name, boolean integer, int... shape) {
    if (input >= 0) {
      throw new IllegalStateException("a generated graph has one input");
    }
    input = tensor(name, shape, null, integer, false);
    return input;
  }

  public int constant(String name, int[] shape, float[] data) {
    if (data.length != elements(shape)) {
      throw new IllegalArgumentException(name + ": " + data.length + " values for shape " + Arrays.toString(shape));
    }
    return tensor(name, shape, data, false, true);
  }

  private int intConstant(String name, int... values) {
    float[] data = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      data[i] = values[i];
    }
    return tensor(name, new int[] {values.length}, data, true, false);
  }

  public int[] shape(int tensor) {
    return tensors.get(tensor).shape();
  }

  /** Dense layer over the last dimension: weights [out, in] row-major, bias [out]. */
  public int fullyConnected(String name, int x, float[] weights, float[] bias, int out, Activation fused) {
    int[] in = shape(x);
    int features = in[in.length - 1];
    int w = constant(name + "/weights", new int[] {out, features}, weights);
    int b = constant(name + "/bias", new int[] {out}, bias);
    int[] shape = in.clone();
    shape[shape.length - 1] = out;
    return op(name, Op.FULLY_CONNECTED, shape, new int[] {x, w, b}, fused, 1, null, false);
  }

  /** k×k convolution, SAME padding: weights [out, k, k, in] row-major, bias [out]. */
  public int conv2d(String name, int x, float[] weights, float[] bias, int out, int k, int stride, Activation fused) {
    int[] in = nhwc(x, name);
    int w = constant(name + "/weights", new int[] {out, k, k, in[3]}, weights);
    int b = constant(name + "/bias", new int[] {out}, bias);
    return op(name, Op.CONV_2D, new int[] {1, same(in[1], stride), same(in[2], stride), out}, new int[] {x, w, b},
        fused, stride, null, false);
  }

  /** k×k depthwise convolution (multiplier 1), SAME padding: weights [1, k, k, channels], bias [channels]. */
  public int depthwise(String name, int x, float[] weights, float[] bias, int k, int stride, Activation fused) {
    int[] in = nhwc(x, name);
    int w = constant(name + "/weights", new int[] {1, k, k, in[3]}, weights);
    int b = constant(name + "/bias", new int[] {in[3]}, bias);
    return op(name, Op.DEPTHWISE_CONV_2D, new int[] {1, same(in[1], stride), same(in[2], stride), in[3]},
        new int[] {x, w, b}, fused, stride, null, false);
  }

  public int add(String name, int a, int b) {
    return op(name, Op.ADD, broadcast(name, shape(a), shape(b)), new int[] {a, b}, Activation.NONE, 1, null, false);
  }

  public int sub(String name, int a, int b) {
    return op(name, Op.SUB, broadcast(name, shape(a), shape(b)), new int[] {a, b}, Activation.NONE, 1, null, false);
  }

  public int mul(String name, int a, int b) {
    return op(name, Op.MUL, broadcast(name, shape(a), shape(b)), new int[] {a, b}, Activation.NONE, 1, null, false);
  }

  public int logistic(String name, int x) {
    return op(name, Op.LOGISTIC, shape(x), new int[] {x}, Activation.NONE, 1, null, false);
  }

  public int tanh(String name, int x) {
    return op(name, Op.TANH, shape(x), new int[] {x}, Activation.NONE, 1, null, false);
  }

  public int rsqrt(String name, int x) {
    return op(name, Op.RSQRT, shape(x), new int[] {x}, Activation.NONE, 1, null, false);
  }

  public int softmax(String name, int x) {
    return op(name, Op.SOFTMAX, shape(x), new int[] {x}, Activation.NONE, 1, null, false);
  }

  /** A scalar constant, broadcastable against anything; one tensor per distinct value. */
  public int scalar(String name, float value) {
    return scalars.computeIfAbsent(value, v -> tensor(name, new int[] {1}, new float[] {v}, false, false));
  }

  /** An activation that TFLite cannot fuse, as operators: swish = x·σ(x); GELU by its tanh approximation. */
  public int activation(String name, int x, Activation activation) {
    switch (activation) {
      case SWISH:
        return mul(name + "/swish", x, logistic(name + "/sigmoid", x));
      case GELU: {
        int cube = mul(name + "/x3", mul(name + "/x2", x, x), x);
        int inner = add(name + "/inner", x, mul(name + "/c3", cube, scalar("gelu/0.044715", 0.044715f)));
        int t = tanh(name + "/tanh", mul(name + "/scaled", inner, scalar("gelu/sqrt(2/pi)",
            (float) Math.sqrt(2 / Math.PI))));
        int half = mul(name + "/half", x, scalar("gelu/0.5", 0.5f));
        return mul(name + "/gelu", half, add(name + "/1+tanh", t, scalar("gelu/1", 1f)));
      }
      case NONE:
        return x;
      default:
        throw new IllegalArgumentException(activation + " is fused into the layer, not a separate operator");
    }
  }

  /** Mean over {@code axes}, keeping them as size 1. */
  public int mean(String name, int x, int... axes) {
    int[] shape = shape(x);
    for (int axis : axes) {
      shape[axis] = 1;
    }
    int axesTensor = intConstant(name + "/axes", axes);
    return op(name, Op.MEAN, shape, new int[] {x, axesTensor}, Activation.NONE, 1, axes, false);
  }

  public int reshape(String name, int x, int... shape) {
    if (elements(shape) != elements(shape(x))) {
      throw new IllegalArgumentException(name + ": cannot reshape " + Arrays.toString(shape(x)) + " to "
          + Arrays.toString(shape));
    }
    int shapeTensor = intConstant(name + "/shape", batchWildcard(shape));
    return op(name, Op.RESHAPE, shape, new int[] {x, shapeTensor}, Activation.NONE, 1, shape, false);
  }

  public int transpose(String name, int x, int... permutation) {
    int[] in = shape(x);
    int[] shape = new int[in.length];
    for (int i = 0; i < in.length; i++) {
      shape[i] = in[permutation[i]];
    }
    int perm = intConstant(name + "/perm", permutation);
    return op(name, Op.TRANSPOSE, shape, new int[] {x, perm}, Activation.NONE, 1, permutation, false);
  }

  /** Rows of a [rows, width] constant table picked by an int32 index tensor [..., n]: [..., n, width]. */
  public int gather(String name, float[] table, int rows, int width, int indices) {
    int t = constant(name + "/table", new int[] {rows, width}, table);
    int[] in = shape(indices);
    int[] shape = Arrays.copyOf(in, in.length + 1);
    shape[in.length] = width;
    return op(name, Op.GATHER, shape, new int[] {t, indices}, Activation.NONE, 1, null, false);
  }

  /** [..., m, k] × [..., k, n] (or [..., n, k] transposed when {@code adjointY}). */
  public int batchMatMul(String name, int a, int b, boolean adjointY) {
    int[] sa = shape(a);
    int[] sb = shape(b);
    int k = sa[sa.length - 1];
    int kb = adjointY ? sb[sb.length - 1] : sb[sb.length - 2];
    if (k != kb || sa.length != sb.length) {
      throw new IllegalArgumentException(name + ": cannot multiply " + Arrays.toString(sa) + " by "
          + Arrays.toString(sb) + (adjointY ? " transposed" : ""));
    }
    int[] shape = sa.clone();
    shape[shape.length - 1] = adjointY ? sb[sb.length - 2] : sb[sb.length - 1];
    return op(name, Op.BATCH_MATMUL, shape, new int[] {a, b}, Activation.NONE, 1, null, adjointY);
  }

  public Graph build(int output) {
    if (input < 0) {
      throw new IllegalStateException("a generated graph needs an input");
    }
    return new Graph(description, tensors, operations, input, output);
  }

  private int op(String name, Op op, int[] shape, int[] inputs, Activation fused, int stride, int[] axes,
      boolean adjointY) {
    if (!fused.fusable()) {
      throw new IllegalArgumentException(name + ": " + fused + " cannot be fused; apply it with activation()");
    }
    int out = tensor(name, shape, null, false, false);
    operations.add(new Graph.Operation(op, inputs, out, fused, stride, axes, adjointY));
    return out;
  }

  private int tensor(String name, int[] shape, float[] data, boolean integer, boolean trainable) {
    int id = tensors.size();
    tensors.add(new Graph.Tensor(id, name, shape, data, integer, trainable));
    return id;
  }

  private int[] nhwc(int x, String name) {
    int[] in = shape(x);
    if (in.length != 4) {
      throw new IllegalArgumentException(name + ": a convolution takes [1, height, width, channels], got "
          + Arrays.toString(in));
    }
    return in;
  }

  /**
   * A reshape target as the file states it: −1 for the leading batch dimension, so that a model resized to
   * batch N reshapes N samples (the graph itself keeps batch 1).
   */
  static int[] batchWildcard(int[] shape) {
    int[] target = shape.clone();
    target[0] = -1;
    return target;
  }

  /** Output size of SAME padding. */
  static int same(int size, int stride) {
    return (size + stride - 1) / stride;
  }

  /** Numpy-style broadcasting of two shapes of the same rank (a missing leading dimension counts as 1). */
  static int[] broadcast(String name, int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(name + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
            + " do not broadcast");
      }
      out[i] = Math.max(da, db);
    }
    return out;
  }

  static int elements(int[] shape) {
    return Math.toIntExact(dev.tierbench.common.model.TensorDesc.elements(shape));
  }
}
