package dev.tierbench.common.model;

import java.util.List;

/**
 * What inspecting a model found: every operator's cost and the totals. FLOPs follow {@link #CONVENTION}.
 *
 * @param parameters elements of the constant tensors operators read as weights (weights, biases, embedding
 *     tables; not the shapes, permutations and paddings of data-movement operators)
 * @param weightBytes bytes of those constants as stored
 * @param flops sum over the operators with a cost rule; {@code unknownOps} lists those without one
 * @param peakActivationBytes most bytes of non-constant tensors alive at once, operators run in order, each
 *     tensor alive from the operator that makes it to the last one that reads it (graph inputs from the start,
 *     outputs to the end), with no buffer sharing
 * @param quantization float32, float16, dynamic-range, int8, uint8 or int16 (see {@link Quantization})
 */
public record ModelSummary(
    String name,
    long fileBytes,
    int subgraphs,
    List<OperatorCost> operators,
    long parameters,
    long weightBytes,
    long macs,
    long flops,
    List<String> unknownOps,
    long peakActivationBytes,
    List<TensorDesc> inputs,
    List<TensorDesc> outputs,
    String quantization,
    List<String> warnings) {

  public static final String CONVENTION = "MACs: multiply-accumulates of CONV_2D, DEPTHWISE_CONV_2D,"
      + " TRANSPOSE_CONV, FULLY_CONNECTED and BATCH_MATMUL (bias adds and fused activations not counted);"
      + " FLOPs = 2 x MACs for those, plus one per output element for element-wise and activation ops"
      + " (one per input element for reductions such as MEAN, one per window element for pooling);"
      + " data movement (RESHAPE, TRANSPOSE, CONCATENATION, PAD, GATHER, ...) counts zero;"
      + " operators without a rule are listed as unknown, not counted as zero";

  /** Why the model cannot run at {@code batch} (an input without a batch dimension), or empty when it can. */
  public java.util.Optional<String> batchProblem(int batch) {
    return inputs.stream().map(t -> BatchDimension.problem(t.name(), t.type(), t.shape(), t.signature(), batch))
        .flatMap(java.util.Optional::stream).findFirst();
  }

  public ModelSummary {
    operators = List.copyOf(operators);
    unknownOps = List.copyOf(unknownOps);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    warnings = List.copyOf(warnings);
  }
}
