package dev.tierbench.agent.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.tierbench.common.model.ModelFormat;
import dev.tierbench.common.protocol.TrialParams;

/**
 * The engines of an agent, each model run by the one its file's {@link ModelFormat} names. An engine that cannot
 * start on this machine is there as a {@link MissingRuntime} saying what to install.
 */
public final class Engines implements InferenceRuntime {

  private final InferenceRuntime tflite;
  private final InferenceRuntime onnx;

  public Engines(InferenceRuntime tflite, InferenceRuntime onnx) {
    this.tflite = tflite;
    this.onnx = onnx;
  }

  /** TFLite (with {@code library}, or DJL's) and ONNX Runtime, each or its reason for not starting. */
  public static Engines start(Path library, Path cacheDir) {
    InferenceRuntime tflite;
    try {
      tflite = TfliteRuntime.start(library, cacheDir);
    } catch (EngineUnavailableException e) {
      tflite = new MissingRuntime(ModelFormat.TFLITE, e.getMessage());
    }
    InferenceRuntime onnx;
    try {
      onnx = OnnxRuntime.start();
    } catch (EngineUnavailableException e) {
      onnx = new MissingRuntime(ModelFormat.ONNX, e.getMessage());
    }
    return new Engines(tflite, onnx);
  }

  @Override
  public String describe() {
    return String.join(", ", engines());
  }

  @Override
  public List<String> engines() {
    return List.of(tflite.describe(), onnx.describe());
  }

  /** The engines that could not start, with why: for a warning when the agent starts. */
  public List<String> missing() {
    return java.util.stream.Stream.of(tflite, onnx).filter(MissingRuntime.class::isInstance)
        .map(r -> ((MissingRuntime) r).reason()).toList();
  }

  @Override
  public LoadedModel load(Path model, TrialParams params) throws ModelLoadException {
    return (format(model) == ModelFormat.TFLITE ? tflite : onnx).load(model, params);
  }

  private static ModelFormat format(Path model) throws ModelLoadException {
    try {
      return ModelFormat.of(model);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + model + ": " + e.getMessage(), e);
    }
  }
}
