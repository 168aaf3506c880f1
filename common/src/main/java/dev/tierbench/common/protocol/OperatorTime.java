package dev.tierbench.common.protocol;

/**
 * Where one kind of operator's time goes, from a profiled run of the model (after the timed part, on an interpreter
 * of its own, so profiling never touches the timed figures).
 *
 * @param operator as the engine names it: a TFLite builtin ("CONV_2D"), an XNNPACK operator ("Convolution (NHWC,
 *     QC8) IGEMM"), an ONNX op type ("Conv")
 * @param executor what ran it: "XNNPACK", "TFLite kernel" (TFLite's own kernels: not delegated), or ONNX Runtime's
 *     execution provider ("CPU", "CUDA")
 * @param count how many operators of this kind ran per query
 * @param nanosPerQuery their time per query, summed
 */
public record OperatorTime(String operator, String executor, int count, long nanosPerQuery) {

  public OperatorTime {
    Checks.text(operator, "operator");
    Checks.text(executor, "executor");
    Checks.notNegative(count, "count");
    Checks.notNegative(nanosPerQuery, "nanosPerQuery");
  }
}
