package dev.tierbench.common.protocol;

import java.util.List;

/**
 * One engine as an agent reports it when it registers: its exact version and the execution providers its build
 * has, or why it could not start on this machine ({@code problem}, empty when it runs) and what to install.
 */
public record EngineInfo(Engine engine, String version, List<Provider> providers, String problem) {

  public EngineInfo {
    Checks.present(engine, "engine");
    version = version == null ? "" : version;
    providers = List.copyOf(providers);
    problem = problem == null ? "" : problem;
    if (version.isEmpty() == problem.isEmpty()) {
      throw new IllegalArgumentException("an engine has a version or a problem, exactly one of them");
    }
  }

  /** An engine that runs on the CPU only. */
  public static EngineInfo running(Engine engine, String version) {
    return running(engine, version, List.of(Provider.CPU));
  }

  public static EngineInfo running(Engine engine, String version, List<Provider> providers) {
    return new EngineInfo(engine, version, providers, "");
  }

  public static EngineInfo missing(Engine engine, String problem) {
    return new EngineInfo(engine, "", List.of(), problem);
  }

  public boolean available() {
    return problem.isEmpty();
  }

  /** Whether it runs and its build has {@code provider}. */
  public boolean runs(Provider provider) {
    return available() && providers.contains(provider);
  }

  /** "TFLite 2.20.0", as results name their runtime; "tflite-2.6 unavailable" for one that did not start. */
  public String describe() {
    return available() ? engine.product() + " " + version : engine.key() + " unavailable";
  }
}
