package dev.tierbench.common.protocol;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fixed sample of every wire message, for round trips and golden fixtures. Everything here is a
 * constant: no clock, no randomness, no compressed histogram (whose bytes would depend on the JDK's zlib).
 */
final class ProtocolSamples {

  static final String SHA = "446ec673881cd46371a8726075b714194ada39d144762260cb76d15318597df7";

  /** Not a real HdrHistogram: fixed bytes, so that the fixtures do not depend on zlib. */
  static final EncodedHistogram FIXED_HISTOGRAM =
      new EncodedHistogram(new byte[] {0x1c, (byte) 0x84, (byte) 0x93, 0x14, 0, 0, 0, 5, 1, 2, 3, 4, 5, -1, -128, 127});

  private ProtocolSamples() {}

  static ModelRef model() {
    return new ModelRef("mobilenet-v1-0.25-224", SHA, 1_882_904);
  }

  static TrialParams params() {
    return new TrialParams(4, 2, true);
  }

  static MeasureSettings measure() {
    return new MeasureSettings(50, Duration.ofMillis(1500), 100, Duration.ofSeconds(60));
  }

  static TaskSpec task() {
    return new TaskSpec("task-0001", "run-20250101-000000", "9c1d00a5323aa61a", "edge", 2, 1, model(), params(),
        measure(), "mobilenet-v1", new EvalRef("breast_cancer-test", SHA, 13_680));
  }

  static AgentInfo agent(Map<String, String> labels) {
    return new AgentInfo("agent-pi-01", "edge", "pi-01.lab", "Linux 6.1", "aarch64", 4, 1L << 30,
        "17.0.12+7", engines(), labels, "pi-01.lab:9465", calibration());
  }

  /** Figures of the order a Raspberry Pi 4 measures. */
  static Calibration calibration() {
    return new Calibration(11.5, 3.25, 1.75, 3.5, 4);
  }

  /** One engine of each kind an agent reports: running on the CPU, running with CUDA too, and missing. */
  static List<EngineInfo> engines() {
    return List.of(EngineInfo.running(Engine.TFLITE, "2.20.0"),
        EngineInfo.running(Engine.ONNXRUNTIME, "1.29.0", List.of(Provider.CPU, Provider.CUDA)),
        EngineInfo.missing(Engine.TFLITE_2_6, "TFLite 2.6 has no library for linux-aarch64"));
  }

  static Map<String, String> threeLabels() {
    return Map.of("site", "lab", "board", "rpi4", "power", "ina219");
  }

  static Measurement measurement(EncodedHistogram latency) {
    return new Measurement("tflite-2.6.2-xnnpack", 12_345_678L, 2_345_678L, 50, 0, true, 1_000, 1_234_567_890L, latency,
        false, 1_735_689_600_000L, List.of(new MetricSummary("memory_rss_bytes", 10, 1.0e8, 1.1e8, 1.2e8, 1.19e8)), 0.25,
        List.of("CPU frequency varied by 12 %"), List.of(new OperatorTime("Convolution (NHWC, QC8) IGEMM", "XNNPACK", 5,
            41_300), new OperatorTime("SOFTMAX", "TFLite kernel", 1, 600)));
  }

  /** One sample per message type, in the order of the {@link WireMessage} permits list. */
  static Map<Class<? extends WireMessage>, WireMessage> golden() {
    Map<Class<? extends WireMessage>, WireMessage> samples = new LinkedHashMap<>();
    samples.put(Register.class, new Register(Protocol.VERSION, agent(threeLabels()), List.of(
        new Claim("task-0001", "lease-42", false), new Claim("task-0002", "lease-41", true))));
    samples.put(Registered.class, new Registered("coordinator-1", "http://10.0.0.1:8765/models",
        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(4500)));
    samples.put(Heartbeat.class, new Heartbeat("agent-pi-01", "lease-42", 1_735_689_600_123L, 640));
    samples.put(HeartbeatAck.class, new HeartbeatAck(true, false));
    samples.put(LeaseRequest.class, new LeaseRequest("agent-pi-01"));
    samples.put(TaskAssignment.class, new TaskAssignment("lease-42", task()));
    samples.put(NoWork.class, new NoWork("no task for tier 'edge'"));
    samples.put(Progress.class, new Progress("agent-pi-01", "lease-42", "task-0001", Phase.MEASURING, 512, 1_000));
    samples.put(TaskResult.class, new TaskResult("task-0001", "lease-42", "agent-pi-01", "pi-01.lab", "edge", SHA,
        measurement(FIXED_HISTOGRAM), new Evaluation("breast_cancer", true, true, 114, 110, 0.962, 2,
            new int[] {41, 2, 2, 69}, new int[114], Double.NaN, Double.NaN, Double.NaN, new float[0], new float[0],
            8_400_000)));
    samples.put(TaskFailure.class, new TaskFailure("task-0001", "lease-42", "agent-pi-01",
        "model refuses batch 4", false));
    samples.put(TaskRelease.class, new TaskRelease("task-0001", "lease-42", "agent-pi-01", "shutting down"));
    samples.put(Leave.class, new Leave("agent-pi-01", "SIGTERM"));
    samples.put(Ack.class, new Ack(false, "duplicate result for task-0001"));
    samples.put(Telemetry.class, new Telemetry("agent-pi-01", "task-0001", 1_735_689_600_456L,
        Map.of("memory_rss_bytes", 1.6e8, "temperature_celsius", 61.5, "cpu_process_ratio", 0.52)));
    return samples;
  }
}
