package dev.tierbench.common.protocol;

import java.util.List;
import java.util.Map;

/**
 * What an agent tells the coordinator about itself and its device when it registers. {@code metricsAddress}:
 * host:port where it serves Prometheus metrics, empty when it serves none (in-process agents, metrics off);
 * {@code calibration}: its device's measured peaks, null when it measured none (calibration off or failed).
 */
public record AgentInfo(
    String agentId,
    String tier,
    String hostname,
    String os,
    String arch,
    int cores,
    long memoryBytes,
    String jvm,
    List<EngineInfo> engines,
    Map<String, String> labels,
    String metricsAddress,
    Calibration calibration) {

  public AgentInfo {
    Checks.text(agentId, "agentId");
    Checks.text(tier, "tier");
    Checks.text(hostname, "hostname");
    Checks.positive(cores, "cores");
    Checks.notNegative(memoryBytes, "memoryBytes");
    engines = List.copyOf(engines);
    labels = Map.copyOf(labels);
    metricsAddress = metricsAddress == null ? "" : metricsAddress;
  }

  /** Whether it can run a trial with these parameters: its engine runs here, with the trial's provider. */
  public boolean runs(TrialParams params) {
    return engines.stream().anyMatch(e -> e.engine() == params.engine() && e.runs(params.provider()));
  }

  /** Its engines as people read them: "TFLite 2.20.0, ONNX Runtime 1.29.0, tflite-2.6 unavailable". */
  public String describeEngines() {
    return String.join(", ", engines.stream().map(EngineInfo::describe).toList());
  }

  /** An agent that measured no calibration. */
  public AgentInfo(String agentId, String tier, String hostname, String os, String arch, int cores, long memoryBytes,
      String jvm, List<EngineInfo> engines, Map<String, String> labels, String metricsAddress) {
    this(agentId, tier, hostname, os, arch, cores, memoryBytes, jvm, engines, labels, metricsAddress, null);
  }

  /** An agent that serves no metrics of its own and measured no calibration. */
  public AgentInfo(String agentId, String tier, String hostname, String os, String arch, int cores, long memoryBytes,
      String jvm, List<EngineInfo> engines, Map<String, String> labels) {
    this(agentId, tier, hostname, os, arch, cores, memoryBytes, jvm, engines, labels, "");
  }
}
