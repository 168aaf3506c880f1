package dev.tierbench.coordinator.plan;

/**
 * Trials the plan leaves out, and why, said before anything runs instead of failing later: a TFLite file asked
 * for on ONNX Runtime, a batch size a model without a batch dimension cannot take.
 *
 * @param model the model's name in the sweep
 * @param what the settings left out, e.g. "engine onnxruntime" or "batch 4"
 */
public record Exclusion(String model, String what, String reason) {

  /** One line: "kws on engine onnxruntime: not measured: a TFLite file runs on tflite and tflite-2.6 only". */
  public String describe() {
    return model + ", " + what + ": not measured: " + reason;
  }
}
