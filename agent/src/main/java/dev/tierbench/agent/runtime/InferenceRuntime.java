package dev.tierbench.agent.runtime;

import java.nio.file.Path;
import java.util.List;

import dev.tierbench.common.protocol.OperatorTime;
import dev.tierbench.common.protocol.TrialParams;

/** Loads models ready to time: one engine, or an agent's engines, each model going to its trial's engine. */
public interface InferenceRuntime {

  /**
   * Loads {@code model} ready to run with {@code params}: thread count, delegate, batch size applied and
   * input and output buffers allocated, so that {@link LoadedModel#run()} does nothing but inference.
   *
   * @throws ModelLoadException if this model cannot run with these parameters (retrying cannot help)
   */
  LoadedModel load(Path model, TrialParams params) throws ModelLoadException;

  /**
   * Runs {@code queries} queries on an instance of the model built with the engine's profiler and says where the
   * time went, by kind of operator. Empty where the engine has no profiler. Never the timed instance: profiling
   * costs time of its own.
   */
  default List<OperatorTime> profile(Path model, TrialParams params, int queries) throws ModelLoadException {
    return List.of();
  }
}
