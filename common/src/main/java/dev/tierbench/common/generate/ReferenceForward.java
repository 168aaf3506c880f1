package dev.tierbench.common.generate;

/**
 * Evaluates a {@link Graph} in plain Java, operator by operator, with the textbook definition of each (double
 * accumulation, NHWC, TFLite's SAME padding): the independent reference a generated TFLite model must match.
 */
public final class ReferenceForward {

  private ReferenceForward() {}

  /** The graph's output for {@code input} (row-major in the input's shape; token ids as floats). */
  public static float[] run(Graph graph, float[] input) {
    return runAll(graph, input)[graph.output()];
  }

  /** Every tensor's values for {@code input}, by tensor id (for calibration). */
  public static float[][] runAll(Graph graph, float[] input) {
    float[][] values = new float[graph.tensors().size()][];
    for (Graph.Tensor t : graph.tensors()) {
      values[t.id()] = t.data();
    }
    if (input.length != graph.tensor(graph.input()).elements()) {
      throw new IllegalArgumentException("input has " + input.length + " values, the graph takes "
          + graph.tensor(graph.input()).elements());
    }
    values[graph.input()] = input;
    for (Graph.Operation op : graph.operations()) {
      values[op.output()] = evaluate(graph, op, values);
    }
    return values;
  }

  private static float[] evaluate(Graph graph, Graph.Operation op, float[][] values) {
    int[] in = op.inputs();
    int[] outShape = graph.tensor(op.output()).shape();
    float[] x = values[in[0]];
    int[] xs = graph.tensor(in[0]).shape();
    switch (op.op()) {
      case FULLY_CONNECTED:
        return activate(dense(x, xs, values[in[1]], values[in[2]], graph.tensor(in[1]).shape()[0]), op.activation());
      case CONV_2D:
        return activate(conv(x, xs, values[in[1]], values[in[2]], graph.tensor(in[1]).shape(), outShape,
            op.stride(), false), op.activation());
      case DEPTHWISE_CONV_2D:
        return activate(conv(x, xs, values[in[1]], values[in[2]], graph.tensor(in[1]).shape(), outShape,
            op.stride(), true), op.activation());
      case ADD:
      case SUB:
      case MUL:
        return elementwise(op.op(), x, xs, values[in[1]], graph.tensor(in[1]).shape(), outShape);
      case LOGISTIC:
        return map(x, v -> 1 / (1 + Math.exp(-v)));
      case TANH:
        return map(x, Math::tanh);
      case RSQRT:
        return map(x, v -> 1 / Math.sqrt(v));
      case MEAN:
        return mean(x, xs, op.axes(), outShape);
      case SOFTMAX:
        return softmax(x, xs[xs.length - 1]);
      case RESHAPE:
        return x.clone();
      case TRANSPOSE:
        return transpose(x, xs, op.axes(), outShape);
      case GATHER:
        return gather(values[in[0]], graph.tensor(in[0]).shape()[1], values[in[1]]);
      case BATCH_MATMUL:
        return matmul(x, xs, values[in[1]], graph.tensor(in[1]).shape(), op.adjointY());
      default:
        throw new IllegalArgumentException("no reference for " + op.op());
    }
  }

  private interface DoubleFunction {
    double apply(double v);
  }

  private static float[] map(float[] x, DoubleFunction f) {
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) f.apply(x[i]);
    }
    return out;
  }

  private static float[] activate(float[] x, Activation activation) {
    if (activation == Activation.NONE) {
      return x;
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = activation.apply(x[i]);
    }
    return x;
  }

  private static float[] dense(float[] x, int[] xs, float[] w, float[] b, int out) {
    int in = xs[xs.length - 1];
    int rows = x.length / in;
    float[] y = new float[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double sum = b[o];
        for (int i = 0; i < in; i++) {
          sum += (double) x[r * in + i] * w[o * in + i];
        }
        y[r * out + o] = (float) sum;
      }
    }
    return y;
  }

  /** SAME-padded convolution; depthwise: filter [1, k, k, c] applied per channel. */
  private static float[] conv(float[] x, int[] xs, float[] w, float[] b, int[] ws, int[] ys, int stride,
      boolean depthwise) {
    int h = xs[1];
    int wd = xs[2];
    int c = xs[3];
    int k = ws[1];
    int oh = ys[1];
    int ow = ys[2];
    int oc = ys[3];
    int padTop = Math.max((oh - 1) * stride + k - h, 0) / 2;
    int padLeft = Math.max((ow - 1) * stride + k - wd, 0) / 2;
    float[] y = new float[oh * ow * oc];
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        for (int o = 0; o < oc; o++) {
          double sum = b[o];
          for (int ky = 0; ky < k; ky++) {
            int iy = oy * stride - padTop + ky;
            if (iy < 0 || iy >= h) {
              continue;
            }
            for (int kx = 0; kx < k; kx++) {
              int ix = ox * stride - padLeft + kx;
              if (ix < 0 || ix >= wd) {
                continue;
              }
              int base = (iy * wd + ix) * c;
              if (depthwise) {
                sum += (double) x[base + o] * w[(ky * k + kx) * oc + o];
              } else {
                int wbase = ((o * k + ky) * k + kx) * c;
                for (int i = 0; i < c; i++) {
                  sum += (double) x[base + i] * w[wbase + i];
                }
              }
            }
          }
          y[(oy * ow + ox) * oc + o] = (float) sum;
        }
      }
    }
    return y;
  }

  private static float[] elementwise(Op op, float[] a, int[] as, float[] b, int[] bs, int[] ys) {
    float[] y = new float[GraphBuilder.elements(ys)];
    int[] index = new int[ys.length];
    for (int i = 0; i < y.length; i++) {
      unravel(i, ys, index);
      float va = a[broadcastOffset(index, as)];
      float vb = b[broadcastOffset(index, bs)];
      y[i] = op == Op.ADD ? va + vb : op == Op.SUB ? va - vb : va * vb;
    }
    return y;
  }

  private static float[] mean(float[] x, int[] xs, int[] axes, int[] ys) {
    double[] sums = new double[GraphBuilder.elements(ys)];
    int[] index = new int[xs.length];
    for (int i = 0; i < x.length; i++) {
      unravel(i, xs, index);
      for (int axis : axes) {
        index[axis] = 0;
      }
      sums[ravel(index, ys)] += x[i];
    }
    int count = x.length / sums.length;
    float[] y = new float[sums.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) (sums[i] / count);
    }
    return y;
  }

  private static float[] softmax(float[] x, int width) {
    float[] y = new float[x.length];
    for (int row = 0; row < x.length / width; row++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < width; i++) {
        max = Math.max(max, x[row * width + i]);
      }
      double sum = 0;
      for (int i = 0; i < width; i++) {
        sum += Math.exp(x[row * width + i] - max);
      }
      for (int i = 0; i < width; i++) {
        y[row * width + i] = (float) (Math.exp(x[row * width + i] - max) / sum);
      }
    }
    return y;
  }

  private static float[] transpose(float[] x, int[] xs, int[] permutation, int[] ys) {
    float[] y = new float[x.length];
    int[] index = new int[xs.length];
    int[] moved = new int[xs.length];
    for (int i = 0; i < x.length; i++) {
      unravel(i, xs, index);
      for (int d = 0; d < permutation.length; d++) {
        moved[d] = index[permutation[d]];
      }
      y[ravel(moved, ys)] = x[i];
    }
    return y;
  }

  private static float[] gather(float[] table, int width, float[] indices) {
    float[] y = new float[indices.length * width];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(table, (int) indices[i] * width, y, i * width, width);
    }
    return y;
  }

  private static float[] matmul(float[] a, int[] as, float[] b, int[] bs, boolean adjointY) {
    int m = as[as.length - 2];
    int k = as[as.length - 1];
    int n = adjointY ? bs[bs.length - 2] : bs[bs.length - 1];
    int batches = a.length / (m * k);
    float[] y = new float[batches * m * n];
    for (int batch = 0; batch < batches; batch++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double sum = 0;
          for (int p = 0; p < k; p++) {
            float vb = adjointY ? b[batch * n * k + j * k + p] : b[batch * k * n + p * n + j];
            sum += (double) a[batch * m * k + i * k + p] * vb;
          }
          y[batch * m * n + i * n + j] = (float) sum;
        }
      }
    }
    return y;
  }

  private static void unravel(int flat, int[] shape, int[] index) {
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = flat % shape[d];
      flat /= shape[d];
    }
  }

  private static int ravel(int[] index, int[] shape) {
    int flat = 0;
    for (int d = 0; d < shape.length; d++) {
      flat = flat * shape[d] + index[d];
    }
    return flat;
  }

  /** The offset in a broadcast operand (its size-1 dimensions repeat) of an output index. */
  private static int broadcastOffset(int[] outIndex, int[] shape) {
    int offset = 0;
    int lead = outIndex.length - shape.length;
    for (int d = 0; d < shape.length; d++) {
      offset = offset * shape[d] + (shape[d] == 1 ? 0 : outIndex[d + lead]);
    }
    return offset;
  }
}
