package dev.tierbench.common.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The kinds of model file tierbench measures, told apart by their first bytes: one decision shared by the agent
 * (whether an engine can load a file) and the coordinator (which engines a model can be measured on).
 */
public enum ModelFormat {
  TFLITE("TFLite", ".tflite"),
  ONNX("ONNX", ".onnx");

  private static final byte[] TFLITE_IDENTIFIER = "TFL3".getBytes(StandardCharsets.US_ASCII);
  /** Protobuf's tag of field 1 as a varint: (1 << 3) | 0. */
  private static final byte ONNX_IR_VERSION_TAG = 0x08;

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

  /** A TFLite flatbuffer carries "TFL3" at byte 4; anything else is meant for ONNX (protobuf has no magic). */
  public static ModelFormat of(byte[] head) {
    return head.length >= 8 && Arrays.equals(Arrays.copyOfRange(head, 4, 8), TFLITE_IDENTIFIER) ? TFLITE : ONNX;
  }

  /**
   * The format {@code head} (a file's first 8 bytes or more) is in, recognized rather than presumed: an ONNX model
   * begins with its first field, ir_version (field 1, a varint), as every ONNX writer serializes it.
   *
   * @throws ModelFormatException naming {@code name} when the bytes begin neither format
   */
  public static ModelFormat recognize(String name, byte[] head) {
    ModelFormat format = of(head);
    if (format == ONNX && (head.length < 2 || head[0] != ONNX_IR_VERSION_TAG || head[1] <= 0)) {
      throw new ModelFormatException(name + ": not a TFLite model (no TFL3 identifier at byte 4) nor an ONNX model"
          + " (no ir_version first); it begins " + (head.length == 0 ? "with nothing"
          : HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(8, head.length))));
    }
    return format;
  }

  /** The format {@code file} is in, once it is known to be a model file ({@link ModelBytes#check}). */
  public static ModelFormat of(Path file) throws IOException {
    ModelBytes.check(file);
    try (InputStream in = Files.newInputStream(file)) {
      return recognize(file.toString(), in.readNBytes(8));
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
