package dev.tierbench.common.model;

import java.util.List;

/**
 * One operator of a model and what it costs.
 *
 * @param inputs the inputs present (an absent optional input is left out)
 * @param params elements of the constant (weight) tensors it reads
 * @param flops -1 when tierbench has no cost rule for this operator: unknown, never counted as zero
 */
public record OperatorCost(int index, String op, List<TensorDesc> inputs, List<TensorDesc> outputs, long params,
    long macs, long flops) {

  public OperatorCost {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  public boolean flopsKnown() {
    return flops >= 0;
  }
}
