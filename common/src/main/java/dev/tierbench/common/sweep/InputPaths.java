package dev.tierbench.common.sweep;

import java.nio.file.Path;

/**
 * What a path written in a sweep means: a file beside the sweep file when the sweep is run where it was written,
 * or the copy a coordinator was sent with it when it was submitted from elsewhere.
 */
public interface InputPaths {

  /**
   * The local file or folder {@code written} names.
   *
   * @throws IllegalArgumentException for a path these inputs do not hold (a submitted sweep's), saying which
   */
  Path resolve(String written);

  /** Paths as written beside {@code sweepFile}: relative ones against its folder, absolute ones as they are. */
  static InputPaths beside(Path sweepFile) {
    Path parent = sweepFile.toAbsolutePath().getParent();
    return within(parent == null ? Path.of(".") : parent);
  }

  /** Paths relative to {@code folder}, normalized, so that "models/../m.tflite" is "m.tflite". */
  static InputPaths within(Path folder) {
    return written -> folder.resolve(written).normalize();
  }
}
