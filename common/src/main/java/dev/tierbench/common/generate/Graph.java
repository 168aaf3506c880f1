package dev.tierbench.common.generate;

import java.util.List;

/**
 * A generated network as a graph of operators over tensors: what the TFLite writer serializes and the
 * reference forward pass evaluates, each on its own. Float32; NHWC; batch 1 in the first dimension.
 */
public record Graph(String description, List<Tensor> tensors, List<Operation> operations, int input, int output) {

  public Graph {
    tensors = List.copyOf(tensors);
    operations = List.copyOf(operations);
  }

  public Tensor tensor(int id) {
    return tensors.get(id);
  }

  /** The same graph with the constants named by tensor id holding {@code values} instead (trained weights). */
  public Graph withValues(java.util.Map<Integer, float[]> values) {
    List<Tensor> replaced = tensors.stream().map(t -> {
      float[] data = values.get(t.id());
      if (data == null) {
        return t;
      }
      if (!t.trainable() || data.length != t.elements()) {
        throw new IllegalArgumentException(t.name() + ": " + data.length + " values for a "
            + (t.trainable() ? t.elements() + "-element weight" : "fixed tensor"));
      }
      return new Tensor(t.id(), t.name(), t.shape(), data, false, true);
    }).toList();
    return new Graph(description, replaced, operations, input, output);
  }

  /**
   * A tensor; {@code data} holds a constant's values (row-major in {@code shape}), null for activations.
   * {@code integer} constants (gather indices, shapes) are stored as int32. {@code trainable} constants are the
   * layers' weights; the others (shapes, axes, scalars such as a layer norm's epsilon) are part of the
   * architecture.
   */
  public record Tensor(int id, String name, int[] shape, float[] data, boolean integer, boolean trainable) {
    public Tensor {
      shape = shape.clone();
    }

    @Override
    public int[] shape() {
      return shape.clone();
    }

    public int elements() {
      return GraphBuilder.elements(shape);
    }

    public boolean constant() {
      return data != null;
    }
  }

  /**
   * One operator. {@code activation} is fused (NONE/RELU/RELU6 only); {@code stride} for convolutions;
   * {@code axes}: MEAN's reduced (kept) axes, TRANSPOSE's permutation, RESHAPE's new shape; {@code adjointY} for
   * BATCH_MATMUL.
   */
  public record Operation(Op op, int[] inputs, int output, Activation activation, int stride, int[] axes,
      boolean adjointY) {
    public Operation {
      inputs = inputs.clone();
      axes = axes == null ? new int[0] : axes.clone();
    }

    @Override
    public int[] inputs() {
      return inputs.clone();
    }

    @Override
    public int[] axes() {
      return axes.clone();
    }
  }
}
