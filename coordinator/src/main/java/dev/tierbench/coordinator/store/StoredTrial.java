package dev.tierbench.coordinator.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.tierbench.common.protocol.Engine;
import dev.tierbench.common.protocol.ModelRef;
import dev.tierbench.common.protocol.TrialParams;

/**
 * A trial as stored with its run: the model, the parameters it was measured with, how it was measured, what
 * inspecting the model found and how it was trained. {@code family}: variants of one family are fitted together (the
 * model's name when the sweep gave none); {@code canonical}: the trial's defining parameters as its id was computed
 * from them.
 */
public record StoredTrial(String trialId, ModelRef model, String family, TrialParams params, MeasureLimits limits,
    ModelCosts costs, Training training, String canonical) {

  /** An axis value a trial's engine does not take: XNNPACK on ONNX Runtime, a graph optimization on TFLite. */
  public static final String NOT_APPLICABLE = "-";

  /** The sweep axes, in the order reports show them. */
  public static final List<String> AXES = List.of("batch", "threads", "xnnpack", "scenario", "rate", "cpus",
      "engine", "optimization", "provider");

  public StoredTrial {
    Objects.requireNonNull(trialId, "trialId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(costs, "costs");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(canonical, "canonical");
  }

  /**
   * Every setting the trial was measured with, from its canonical form ({@code key=value;...}): the axes and
   * the measurement settings (warm-up, stability, durations, counts).
   */
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
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
    boolean onnx = params.engine() == Engine.ONNXRUNTIME;
    double rate = params.rate();
    return switch (axis) {
      case "batch" -> Integer.toString(params.batch());
      case "threads" -> Integer.toString(params.threads());
      case "xnnpack" -> onnx ? NOT_APPLICABLE : Boolean.toString(params.xnnpack());
      case "scenario" -> params.scenario().key();
      case "rate" -> rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
      case "cpus" -> params.cpus();
      case "engine" -> params.engine().key();
      case "optimization" -> onnx ? params.optimization().key() : NOT_APPLICABLE;
      case "provider" -> onnx ? params.provider().key() : NOT_APPLICABLE;
      default -> throw new IllegalArgumentException("no axis '" + axis + "'");
    };
  }
}
