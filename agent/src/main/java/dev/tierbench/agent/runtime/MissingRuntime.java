package dev.tierbench.agent.runtime;

import java.nio.file.Path;

import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.TrialParams;

/**
 * The engine an agent could not start (no TFLite library for a Raspberry Pi, say): the agent still joins and
 * reports its machine, and every task it is given fails, retryably (another agent of the tier may run it), with
 * the reason and what to install.
 */
public final class MissingRuntime implements InferenceRuntime {

  private final ModelFormat format;
  private final String reason;

  public MissingRuntime(ModelFormat format, String reason) {
    this.format = format;
    this.reason = reason;
  }

  /** Why the engine is missing, and what to install. */
  public String reason() {
    return reason;
  }

  @Override
  public String describe() {
    return format.engine() + ModelFormat.UNAVAILABLE;
  }

  @Override
  public LoadedModel load(Path model, TrialParams params) {
    throw new EngineUnavailableException(reason);
  }
}
