package dev.tierbench.common.protocol;

/**
 * The swept parameters of one trial: how the model is run.
 *
 * @param xnnpack TFLite's XNNPACK delegate; always false for ONNX Runtime, which has none
 * @param rate queries per second offered in the {@link Scenario#SERVER} scenario; 0 for the others
 * @param cpus the CPUs to pin the measurement to, as taskset -c writes them ({@code 0-1}); empty: not pinned
 * @param optimization ONNX Runtime's graph optimization level; {@link GraphOptimization#ALL} for TFLite engines
 * @param provider ONNX Runtime's execution provider; {@link Provider#CPU} for TFLite engines
 */
public record TrialParams(int batch, int threads, boolean xnnpack, Scenario scenario, double rate, String cpus,
    Engine engine, GraphOptimization optimization, Provider provider) {

  public static final double MAX_RATE = 1_000_000;

  public TrialParams {
    Checks.positive(batch, "batch");
    Checks.positive(threads, "threads");
    Checks.present(scenario, "scenario");
    if (scenario == Scenario.SERVER && !(rate > 0 && rate <= MAX_RATE)) {
      throw new IllegalArgumentException("the server scenario needs a rate between 0 and " + (long) MAX_RATE
          + " queries/s, got " + rate);
    }
    if (scenario != Scenario.SERVER && rate != 0) {
      throw new IllegalArgumentException("a rate applies to the server scenario only, not " + scenario.key());
    }
    Checks.present(cpus, "cpus");
    if (!cpus.isEmpty()) {
      try {
        CpuList.check(cpus);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cpus " + e.getMessage(), e);
      }
    }
    Checks.present(engine, "engine");
    Checks.present(optimization, "optimization");
    Checks.present(provider, "provider");
    if (engine.tflite() && (optimization != GraphOptimization.ALL || provider != Provider.CPU)) {
      throw new IllegalArgumentException("optimization and provider apply to onnxruntime only, not " + engine.key());
    }
    if (!engine.tflite() && xnnpack) {
      throw new IllegalArgumentException("xnnpack applies to the TFLite engines only, not " + engine.key());
    }
  }

  /** On {@code engine} with its defaults: XNNPACK on for TFLite, all graph optimizations on the CPU for ONNX. */
  public TrialParams(int batch, int threads, boolean xnnpack, Scenario scenario, double rate, String cpus,
      Engine engine) {
    this(batch, threads, xnnpack && engine.tflite(), scenario, rate, cpus, engine, GraphOptimization.ALL,
        Provider.CPU);
  }

  /** On current TFLite. */
  public TrialParams(int batch, int threads, boolean xnnpack, Scenario scenario, double rate, String cpus) {
    this(batch, threads, xnnpack, scenario, rate, cpus, Engine.TFLITE);
  }

  /** On current TFLite, not pinned to CPUs. */
  public TrialParams(int batch, int threads, boolean xnnpack, Scenario scenario, double rate) {
    this(batch, threads, xnnpack, scenario, rate, "");
  }

  /** A single-stream trial on current TFLite. */
  public TrialParams(int batch, int threads, boolean xnnpack) {
    this(batch, threads, xnnpack, Scenario.SINGLE_STREAM, 0, "");
  }
}
