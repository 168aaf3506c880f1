package dev.tierbench.agent.runtime;

import java.nio.file.Path;

import dev.tierbench.common.protocol.TrialParams;

/**
 * The engine an agent could not start (no TFLite library for a Raspberry Pi, say): the agent still joins and
 * reports its machine, and every task it is given fails, retryably (another agent of the tier may run it), with
 * the reason and what to install.
 */
public final class MissingRuntime implements InferenceRuntime {

  private final String engine;
  private final String reason;

  public MissingRuntime(String engine, String reason) {
    this.engine = engine;
    this.reason = reason;
  }

  /** Why the engine is missing, and what to install. */
  public String reason() {
    return reason;
  }

  @Override
  public String describe() {
    return engine + " unavailable";
  }

  @Override
  public LoadedModel load(Path model, TrialParams params) {
    throw new EngineUnavailableException(reason);
  }
}
