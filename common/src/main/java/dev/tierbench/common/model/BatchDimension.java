package dev.tierbench.common.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * Whether a model input's first dimension is a batch dimension, which a trial's batch size may resize: one the
 * model declares dynamic (-1 in its shape signature), or a leading 1 of an input of rank 2 or more. An input of
 * rank 0 or 1 (a scalar, a waveform of 15,600 samples) has none: batch 1 runs it as it is, larger batches cannot.
 */
public final class BatchDimension {

  private BatchDimension() {}

  /**
   * @param signature the declared shape with -1 for dynamic dimensions; empty or null when the model declares none
   */
  public static boolean has(int[] shape, int[] signature) {
    if (signature != null && signature.length == shape.length && signature.length > 0 && signature[0] == -1) {
      return true;
    }
    return shape.length >= 2 && shape[0] == 1;
  }

  /** Why {@code batch} cannot be applied to this input, or empty when it can (batch 1 always can). */
  public static Optional<String> problem(String input, String type, int[] shape, int[] signature, int batch) {
    if (batch == 1 || has(shape, signature)) {
      return Optional.empty();
    }
    return Optional.of("input '" + input + "' " + type + Arrays.toString(shape).replace(" ", "")
        + " has no batch dimension (" + (shape.length < 2 ? "rank " + shape.length : "its first dimension is "
        + shape[0]) + "): batch " + batch + " cannot be applied; measure it at batch 1");
  }
}
