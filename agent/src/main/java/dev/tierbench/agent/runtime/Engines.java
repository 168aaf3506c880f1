package dev.tierbench.agent.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.model.ModelFormatException;
import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.EngineInfo;
import dev.tierbench.common.protocol.OperatorTime;
import dev.tierbench.common.protocol.TrialParams;

/**
 * The engines of an agent, each trial's model loaded by the engine its parameters name. An engine that cannot
 * start on this machine is there as a {@link MissingRuntime} saying what to install.
 */
public final class Engines implements InferenceRuntime {

  private final Map<Engine, EngineRuntime> engines = new EnumMap<>(Engine.class);

  private Engines(List<EngineRuntime> runtimes) {
    runtimes.forEach(r -> engines.put(r.info().engine(), r));
  }

  /** Exactly these engines (tests, tools that need one). */
  public static Engines of(EngineRuntime... runtimes) {
    return new Engines(List.of(runtimes));
  }

  /**
   * Current TFLite, ONNX Runtime and TFLite 2.6 (DJL's, or {@code library} built for this platform), each or its
   * reason for not starting.
   *
   * @param cacheDir where native libraries are unpacked (JavaCPP's, and a given TFLite 2.6 library); null: the
   *     libraries' own defaults under the home folder
   */
  public static Engines start(Path library, Path cacheDir) {
    if (cacheDir != null && System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
      System.setProperty("org.bytedeco.javacpp.cachedir", cacheDir.resolve("javacpp").toString());
    }
    return new Engines(List.of(
        startOrMissing(Engine.TFLITE, TfliteRuntime::start),
        startOrMissing(Engine.ONNXRUNTIME, OnnxRuntime::start),
        startOrMissing(Engine.TFLITE_2_6, () -> DjlTfliteRuntime.start(library, cacheDir))));
  }

  private static EngineRuntime startOrMissing(Engine engine, Supplier<EngineRuntime> start) {
    try {
      return start.get();
    } catch (EngineUnavailableException e) {
      return new MissingRuntime(EngineInfo.missing(engine, e.getMessage()));
    }
  }

  /** Every engine, running or not, as the agent reports them when it registers. */
  public List<EngineInfo> infos() {
    return engines.values().stream().map(EngineRuntime::info).toList();
  }

  /** "TFLite 2.20.0, ONNX Runtime 1.29.0, tflite-2.6 unavailable". */
  public String describe() {
    return String.join(", ", engines.values().stream().map(EngineRuntime::describe).toList());
  }

  /** The engines that could not start, with why: for a warning when the agent starts. */
  public List<String> missing() {
    return infos().stream().filter(e -> !e.available()).map(EngineInfo::problem).toList();
  }

  @Override
  public LoadedModel load(Path model, TrialParams params) throws ModelLoadException {
    return runtime(model, params).load(model, params);
  }

  @Override
  public List<OperatorTime> profile(Path model, TrialParams params, int queries) throws ModelLoadException {
    return runtime(model, params).profile(model, params, queries);
  }

  /** The trial's engine, once the model is known to be of the format it runs. */
  private EngineRuntime runtime(Path model, TrialParams params) throws ModelLoadException {
    EngineRuntime runtime = engines.get(params.engine());
    if (runtime == null) {
      throw new EngineUnavailableException("engine " + params.engine().key() + " is not started on this agent");
    }
    ModelFormat format;
    try {
      format = ModelFormat.of(model);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + model + ": " + e.getMessage(), e);
    } catch (ModelFormatException e) {
      throw new ModelLoadException(e.getMessage(), e);
    }
    if (format != params.engine().format()) {
      throw new ModelLoadException("the model is " + (format == ModelFormat.ONNX ? "an ONNX file" : "a TFLite file")
          + ": engine " + params.engine().key() + " runs " + params.engine().format().label() + " files", null);
    }
    return runtime;
  }
}
