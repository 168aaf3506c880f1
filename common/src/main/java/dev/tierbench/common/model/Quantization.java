package dev.tierbench.common.model;

import java.util.List;

/** How a model is quantized, judged from the tensors its multiply-accumulate operators read. */
final class Quantization {

  private Quantization() {}

  /**
   * int8 / uint8 / int16: activations are integers (full-integer quantization). dynamic-range: integer
   * weights, float activations. float16: float16 weights dequantized at load. float32: no quantization.
   */
  static String classify(List<OperatorCost> operators, List<TensorDesc> graphInputs) {
    String activations = null;
    String weights = null;
    for (OperatorCost op : operators) {
      if (CostRules.MAC_OPS.contains(op.op())) {
        for (TensorDesc t : op.inputs()) {
          if (t.constant()) {
            weights = prefer(weights, t.type());
          } else if (activations == null) {
            activations = t.type();
          }
        }
      }
      if (op.op().equals("DEQUANTIZE") && !op.inputs().isEmpty() && op.inputs().get(0).constant()
          && op.inputs().get(0).type().equals("float16")) {
        weights = "float16";
      }
    }
    if (activations == null && !graphInputs.isEmpty()) {
      activations = graphInputs.get(0).type();
    }
    if (activations == null) {
      return "unknown";
    }
    if (activations.equals("int8") || activations.equals("uint8") || activations.equals("int16")) {
      return activations;
    }
    if (activations.equals("float32") && weights != null && (weights.equals("int8") || weights.equals("uint8"))) {
      return "dynamic-range";
    }
    if ("float16".equals(weights)) {
      return "float16";
    }
    return activations;
  }

  /** Bias tensors are int32 in quantized models: the weights' type is the first non-int32 constant. */
  private static String prefer(String current, String candidate) {
    return current == null || current.equals("int32") ? candidate : current;
  }
}
