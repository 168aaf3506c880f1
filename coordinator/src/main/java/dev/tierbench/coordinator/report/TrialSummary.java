package dev.tierbench.coordinator.report;

import java.util.List;

import dev.tierbench.common.stats.LatencySummary;

/**
 * One trial on one tier, over its repetitions: latency from the merged histograms, throughput from total
 * queries over total measured time, load and first-inference times as medians. {@code failure} is null
 * when every repetition has a result, else says what went wrong. Model costs come from inspecting the file
 * (per sample, as the model declares its input; -1 when the model could not be inspected).
 */
public record TrialSummary(
    String trialId,
    String model,
    String modelSha256,
    int batch,
    int threads,
    boolean xnnpack,
    long modelParams,
    long modelMacs,
    long modelFlops,
    String quantization,
    String tier,
    int repetitions,
    int measured,
    long queries,
    LatencySummary latency,
    double queriesPerSecond,
    double samplesPerSecond,
    double loadMillis,
    double firstInferenceMillis,
    String runtime,
    List<String> hosts,
    String failure) {

  public TrialSummary {
    hosts = List.copyOf(hosts);
  }

  public boolean ok() {
    return failure == null;
  }
}
