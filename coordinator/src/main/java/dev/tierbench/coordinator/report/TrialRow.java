package dev.tierbench.coordinator.report;

import java.util.List;

import dev.tierbench.common.stats.LatencySummary;

/**
 * One trial on one tier, as the table, {@code results.json}'s trials, the API and the report show it: the trial's
 * settings, and its variant's figures as the analysis computes them ({@link TrialRows}), each by its metric's
 * aggregation policy: latency from the merged distributions, throughput from total queries over total measured time,
 * load and first-inference times as medians. {@code failure} is null
 * when every repetition has a result, or none was meant to ({@code predicted}: an adaptive sweep chose not to
 * measure it, and the report predicts it), else says what went wrong. Model costs come from inspecting the file
 * (per sample, as the model declares its input; -1 when the model could not be inspected). {@code p50Cv} is
 * the coefficient of variation of the repetitions' medians (NaN with fewer than two); {@code stable} counts
 * repetitions whose warm-up reached a steady state; {@code boundMet} is null unless the trial has a latency
 * bound, else whether the merged p99 is within it. System figures over the repetitions (NaN when not
 * sampled): peak resident set, mean process CPU share, hottest temperature, joules per sample (NaN when no
 * energy source); {@code disturbances} lists what the agents noticed; {@code accuracy}: top-1 accuracy the agent
 * measured on the trial's labelled held-out set (NaN for a set without labels), {@code r2} its R² for a regression
 * set (NaN without one). {@code engine} (with its {@code optimization} and {@code provider} for ONNX Runtime) says
 * what ran it; {@code runtime} at which exact version.
 */
public record TrialRow(
    String trialId,
    String model,
    String modelSha256,
    String family,
    int batch,
    int threads,
    boolean xnnpack,
    String scenario,
    double rate,
    String cpus,
    String engine,
    String optimization,
    String provider,
    long modelParams,
    long modelMacs,
    long modelFlops,
    long modelBytes,
    String quantization,
    String tier,
    int repetitions,
    int measured,
    long queries,
    LatencySummary latency,
    double p50Cv,
    int stable,
    Boolean boundMet,
    double queriesPerSecond,
    double samplesPerSecond,
    double loadMillis,
    double firstInferenceMillis,
    String runtime,
    List<String> hosts,
    double rssPeakBytes,
    double cpuProcessMean,
    double temperatureMax,
    double joulesPerSample,
    List<String> disturbances,
    String failure,
    double accuracy,
    double r2,
    boolean predicted) {

  public TrialRow {
    hosts = List.copyOf(hosts);
    disturbances = List.copyOf(disturbances);
  }

  public boolean ok() {
    return failure == null;
  }
}
