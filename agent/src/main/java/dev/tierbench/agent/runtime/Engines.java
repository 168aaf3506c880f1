package dev.tierbench.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.tierbench.common.protocol.TrialParams;

/**
 * The engines of an agent, each model run by the one its file is for: a TFLite flatbuffer (identifier "TFL3" at
 * byte 4) by TFLite, anything else (ONNX's protobuf) by ONNX Runtime. An engine that cannot start on this machine
 * is there as a {@link MissingRuntime} saying what to install.
 */
public final class Engines implements InferenceRuntime {

  private static final byte[] TFLITE = "TFL3".getBytes(StandardCharsets.US_ASCII);

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
      tflite = new MissingRuntime("TFLite", e.getMessage());
    }
    InferenceRuntime onnx;
    try {
      onnx = OnnxRuntime.start();
    } catch (EngineUnavailableException e) {
      onnx = new MissingRuntime("ONNX Runtime", e.getMessage());
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
    return (isTflite(model) ? tflite : onnx).load(model, params);
  }

  private static boolean isTflite(Path model) throws ModelLoadException {
    try (InputStream in = Files.newInputStream(model)) {
      byte[] head = in.readNBytes(8);
      return head.length == 8 && Arrays.equals(Arrays.copyOfRange(head, 4, 8), TFLITE);
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + model + ": " + e.getMessage(), e);
    }
  }
}
