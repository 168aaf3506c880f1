package dev.tierbench.coordinator.analysis;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One trial on one tier, measured at least once: a point of every analysis. {@code axes} holds the trial's
 * sweep settings (batch, threads, ...); model costs are per sample as the model declares its input (-1 when
 * the model could not be inspected); {@code quantization} is how its weights are stored ("int8", "float32"; empty
 * when unknown); {@code accuracy} is null when the model had no labelled dataset.
 *
 * @param closedLoop whether a query starts only when the previous one ends (single-stream, offline): then
 *     throughput follows latency, and its resampling does too
 */
public record Variant(
    String trialId,
    String tier,
    String model,
    String family,
    String quantization,
    Map<String, String> axes,
    long flops,
    long macs,
    long params,
    long modelBytes,
    int batch,
    boolean closedLoop,
    List<Repetition> repetitions,
    Accuracy accuracy,
    double trainingSeconds,
    double trainingFlops,
    Regression regression) {

  /** A variant whose model was not trained by tierbench: no training cost, no regression scores. */
  public Variant(String trialId, String tier, String model, String family, String quantization,
      Map<String, String> axes, long flops, long macs, long params, long modelBytes, int batch, boolean closedLoop,
      List<Repetition> repetitions, Accuracy accuracy) {
    this(trialId, tier, model, family, quantization, axes, flops, macs, params, modelBytes, batch, closedLoop,
        repetitions, accuracy, Double.NaN, Double.NaN, null);
  }

  public Variant {
    axes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(axes));
    repetitions = List.copyOf(repetitions);
    if (repetitions.isEmpty()) {
      throw new IllegalArgumentException("variant " + trialId + " on " + tier + " has no measured repetition");
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
  }

  /** Unique within a run: a trial appears once per tier. */
  public String id() {
    return id(trialId, tier);
  }

  /** The id of trial {@code trialId}'s variant on {@code tier}. */
  public static String id(String trialId, String tier) {
    return trialId + "@" + tier;
  }

  /**
   * The model with the settings that tell it apart from the run's other variants of the same model (leaving out
   * the ones its engine does not take).
   */
  public String describe(List<String> varyingAxes) {
    return describe(model, axes, varyingAxes);
  }

  private static String describe(String model, Map<String, String> axes, List<String> varyingAxes) {
    String settings = varyingAxes.stream().filter(axes::containsKey)
        .filter(a -> !axes.get(a).equals(dev.tierbench.coordinator.store.StoredTrial.NOT_APPLICABLE))
        .map(a -> a + " " + axes.get(a)).collect(Collectors.joining(", "));
    return model + (settings.isEmpty() ? "" : " (" + settings + ")");
  }

  /** {@link #describe(List)} and the tier. */
  public String label(List<String> varyingAxes) {
    return label(model, axes, varyingAxes, tier);
  }

  /** {@link #label(List)} of a trial on a tier where it has no variant: planned but not measured. */
  public static String label(String model, Map<String, String> axes, List<String> varyingAxes, String tier) {
    return describe(model, axes, varyingAxes) + " on " + tier;
  }
}
