package dev.tierbench.coordinator.store;

/**
 * What inspecting a trial's model found, as stored with the trial. Every figure is -1 when the model could not be
 * inspected, or the run predates inspection; {@code problem} then says why (null when inspection found none, or did
 * not happen).
 */
public record ModelCosts(long parameters, long macs, long flops, long weightBytes, long peakActivationBytes,
    String quantization, String problem) {

  public ModelCosts {
    java.util.Objects.requireNonNull(quantization, "quantization");
    for (long figure : new long[] {parameters, macs, flops, weightBytes, peakActivationBytes}) {
      if (figure < -1) {
        throw new IllegalArgumentException("a model cost is a count, or -1 for unknown; got " + figure);
      }
    }
  }

  public boolean inspected() {
    return parameters >= 0;
  }
}
