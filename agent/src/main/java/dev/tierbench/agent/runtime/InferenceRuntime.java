package dev.tierbench.agent.runtime;

import java.nio.file.Path;

import dev.tierbench.common.protocol.TrialParams;

/** An inference engine the agent can time. TFLite today; others (ONNX Runtime on ARM boards) fit here. */
public interface InferenceRuntime {

  /** The engine and its native version, e.g. {@code TFLite 2.6.2}. */
  String describe();

  /** Every engine behind it, as the agent reports them when it registers. */
  default java.util.List<String> engines() {
    return java.util.List.of(describe());
  }

  /**
   * Loads {@code model} ready to run with {@code params}: thread count, delegate, batch size applied and
   * input and output buffers allocated, so that {@link LoadedModel#run()} does nothing but inference.
   *
   * @throws ModelLoadException if this model cannot run with these parameters (retrying cannot help)
   */
  LoadedModel load(Path model, TrialParams params) throws ModelLoadException;
}
