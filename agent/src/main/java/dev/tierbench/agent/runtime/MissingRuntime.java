package dev.tierbench.agent.runtime;

import java.nio.file.Path;

import dev.tierbench.common.protocol.EngineInfo;
import dev.tierbench.common.protocol.TrialParams;

/**
 * An engine this machine could not start (TFLite 2.6 on a Raspberry Pi, say): the agent still joins and reports
 * it as unavailable, and a task given to it anyway fails, retryably (another agent of the tier may run it), with
 * the reason and what to install.
 */
public final class MissingRuntime implements EngineRuntime {

  private final EngineInfo info;

  public MissingRuntime(EngineInfo info) {
    if (info.available()) {
      throw new IllegalArgumentException(info.engine().key() + " is available");
    }
    this.info = info;
  }

  @Override
  public EngineInfo info() {
    return info;
  }

  @Override
  public LoadedModel load(Path model, TrialParams params) {
    throw new EngineUnavailableException(info.problem());
  }
}
