package dev.tierbench.common.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The kinds of model file tierbench measures, told apart by their first bytes: one decision shared by the agent
 * (whether an engine can load a file) and the coordinator (which engines a model can be measured on).
 */
public enum ModelFormat {
  TFLITE("TFLite", ".tflite"),
  ONNX("ONNX", ".onnx");

  private static final byte[] TFLITE_IDENTIFIER = "TFL3".getBytes(StandardCharsets.US_ASCII);

  private final String label;
  private final String extension;

  ModelFormat(String label, String extension) {
    this.label = label;
    this.extension = extension;
  }

  /** How messages name it: "a TFLite file". */
  public String label() {
    return label;
  }

  /** The file name ending tierbench gives a model of this format. */
  public String extension() {
    return extension;
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

  /**
   * Where a generated ONNX model's TFLite twin (the same graph and weights) is kept: the costs of an ONNX model
   * are read from it, ONNX files having no inspector of their own.
   */
  public static Path tfliteTwin(Path onnx) {
    return onnx.resolveSibling(onnx.getFileName() + ".tflite");
  }
}
