package dev.tierbench.coordinator.store;

/**
 * A trial as stored with its run: the model, the parameters it was measured with, how it was measured, and
 * what inspecting the model found. Model costs are -1 when the model could not be inspected
 * ({@code modelProblem} then says why).
 */
public record StoredTrial(
    String trialId,
    String model,
    String modelSha256,
    long modelBytes,
    String family,
    int batch,
    int threads,
    boolean xnnpack,
    String scenario,
    double rate,
    String cpus,
    long latencyBoundNanos,
    int warmup,
    long minDurationMillis,
    long minQueries,
    long maxDurationMillis,
    long modelParams,
    long modelMacs,
    long modelFlops,
    long modelWeightBytes,
    long modelPeakActivationBytes,
    String quantization,
    String modelProblem,
    String canonical,
    String trainedOn,
    double trainingSeconds,
    double trainingFlops,
    String engine,
    String optimization,
    String provider) {

  /** An axis value a trial's engine does not take: XNNPACK on ONNX Runtime, a graph optimization on TFLite. */
  public static final String NOT_APPLICABLE = "-";

  /**
   * Every setting the trial was measured with, from its canonical form ({@code key=value;...}): the axes and
   * the measurement settings (warm-up, stability, durations, counts).
   */
  public java.util.Map<String, String> settings() {
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    for (String pair : canonical.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        settings.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return settings;
  }

  /** The value of one sweep axis for this trial, as the sweep writes it. */
  public String axisValue(String axis) {
    return switch (axis) {
      case "batch" -> Integer.toString(batch);
      case "threads" -> Integer.toString(threads);
      case "xnnpack" -> onnx() ? NOT_APPLICABLE : Boolean.toString(xnnpack);
      case "scenario" -> scenario;
      case "rate" -> rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
      case "cpus" -> cpus;
      case "engine" -> engine;
      case "optimization" -> onnx() ? optimization : NOT_APPLICABLE;
      case "provider" -> onnx() ? provider : NOT_APPLICABLE;
      default -> throw new IllegalArgumentException("no axis '" + axis + "'");
    };
  }

  private boolean onnx() {
    return engine.equals(dev.tierbench.common.protocol.Engine.ONNXRUNTIME.key());
  }

  /** The sweep axes, in the order reports show them. */
  public static final java.util.List<String> AXES = java.util.List.of("batch", "threads", "xnnpack", "scenario",
      "rate", "cpus", "engine", "optimization", "provider");
}
