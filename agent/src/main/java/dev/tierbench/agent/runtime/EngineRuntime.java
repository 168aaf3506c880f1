package dev.tierbench.agent.runtime;

import dev.tierbench.common.protocol.EngineInfo;

/** One inference engine on this machine. */
public interface EngineRuntime extends InferenceRuntime {

  /** Which engine, at which exact version (or why it could not start). */
  EngineInfo info();

  /** "TFLite 2.20.0": how results name the runtime that measured them. */
  default String describe() {
    return info().describe();
  }
}
