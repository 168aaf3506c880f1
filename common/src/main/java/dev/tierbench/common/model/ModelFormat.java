package dev.tierbench.common.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The kinds of model file tierbench measures, each with the engine that runs it, told apart by their first
 * bytes: one decision shared by the agent (which engine loads a file) and the coordinator (which agent gets it).
 */
public enum ModelFormat {
  TFLITE("TFLite"),
  ONNX("ONNX Runtime");

  /** How an agent reports an engine it could not start: "TFLite unavailable". */
  public static final String UNAVAILABLE = " unavailable";

  private static final byte[] TFLITE_IDENTIFIER = "TFL3".getBytes(StandardCharsets.US_ASCII);

  private final String engine;

  ModelFormat(String engine) {
    this.engine = engine;
  }

  /** The engine's name as agents report it, before its version: "TFLite 2.6.2". */
  public String engine() {
    return engine;
  }

  /** A TFLite flatbuffer carries "TFL3" at byte 4; anything else is taken for ONNX (protobuf has no magic). */
  public static ModelFormat of(byte[] head) {
    return head.length >= 8 && Arrays.equals(Arrays.copyOfRange(head, 4, 8), TFLITE_IDENTIFIER) ? TFLITE : ONNX;
  }

  public static ModelFormat of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return of(in.readNBytes(8));
    }
  }

  /** Whether one of {@code engines}, as an agent reports them, runs this format. */
  public boolean runBy(List<String> engines) {
    return engines.stream().anyMatch(e -> e.startsWith(engine + " ") && !e.endsWith(UNAVAILABLE));
  }

  /**
   * Where a generated ONNX model's TFLite twin (the same graph and weights) is kept: the costs of an ONNX model
   * are read from it, ONNX files having no inspector of their own.
   */
  public static Path tfliteTwin(Path onnx) {
    return onnx.resolveSibling(onnx.getFileName() + ".tflite");
  }
}
