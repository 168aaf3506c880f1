package dev.tierbench.common.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The one check a model file passes before any engine loads it: a model file by {@link ModelBytes}, of a format
 * {@link ModelFormat#recognize} recognizes, whose structure its format's verifier accepts. The file is mapped, not
 * read onto the heap, so a large model costs no Java memory.
 */
public final class ModelVerifier {

  private ModelVerifier() {}

  /**
   * @return the file's format
   * @throws ModelFormatException naming the file and what is wrong with it, in one line
   */
  public static ModelFormat verify(Path file) throws IOException {
    ByteBuffer bytes = ModelBytes.map(file);
    byte[] head = new byte[Math.min(8, bytes.limit())];
    bytes.get(0, head);
    ModelFormat format = ModelFormat.recognize(file.toString(), head);
    if (format == ModelFormat.TFLITE) {
      TfliteVerifier.verify(file.toString(), bytes);
    } else {
      OnnxVerifier.verify(file.toString(), bytes);
    }
    return format;
  }
}
