package dev.tierbench.agent.cli;

import java.nio.file.Path;
import java.time.Duration;

import picocli.CommandLine.Option;

/** Flags of any agent, remote or in-process: the device lock and how it stops. */
public final class AgentOptions {

  @Option(names = "--device-lock", paramLabel = "FILE",
      description = "Lock file that keeps measurements on this host one at a time (default: ${DEFAULT-VALUE}).")
  Path deviceLock;

  @Option(names = "--shutdown-grace", paramLabel = "DURATION",
      description = "On stop, how long the task in hand may finish before it is handed back (default: ${DEFAULT-VALUE}).")
  Duration shutdownGrace;

  @Option(names = "--sample-interval", paramLabel = "DURATION",
      description = "How often system metrics are sampled during a measurement; 0 turns sampling off"
          + " (default: ${DEFAULT-VALUE}).")
  Duration sampleInterval;

  @Option(names = "--calibrate", paramLabel = "true|false", arity = "1",
      description = "Measure this device's peaks (dense and depthwise GFLOP/s, memory bandwidth; about 1.5 s) once"
          + " before registering, for the report's roofline (default: ${DEFAULT-VALUE}).")
  boolean calibrate;

  @Option(names = "--tflite-library", paramLabel = "FILE",
      description = "Engine tflite-2.6 only: a libtensorflowlite_jni.so 2.6.2 to use instead of DJL's (which exists"
          + " for linux-x86_64 only), e.g. one built for a Raspberry Pi or Jetson; current TFLite (engine tflite)"
          + " needs none (default: DJL's).")
  String tfliteLibrary;

  /** The TFLite library given, or null for DJL's own. */
  public Path tfliteLibrary() {
    return tfliteLibrary == null || tfliteLibrary.isBlank() ? null : Path.of(tfliteLibrary);
  }

  public boolean calibrate() {
    return calibrate;
  }

  public Duration sampleInterval() {
    return sampleInterval;
  }

  public Path deviceLock() {
    return deviceLock;
  }

  public Duration shutdownGrace() {
    return shutdownGrace;
  }
}
