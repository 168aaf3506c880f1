package dev.tierbench.common.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every configuration key with its default value, in one place. A command-line flag {@code --x} reads
 * key {@code x}: from the flag, else from the config file, else from here.
 */
public final class Defaults {

  private static final Map<String, String> VALUES = new LinkedHashMap<>();

  static {
    // cluster
    put("cluster", "");
    put("cluster-host", "");
    put("cluster-port", "5701");
    put("cluster-name", "tierbench");
    put("cluster-public-address", "");
    put("eventbus-port", "0");
    put("eventbus-public-address", "");
    put("connect-timeout", "30s");
    // also found (coordinator) a Hazelcast cluster for lite-member agents: unauthenticated, for trusted networks only
    put("trusted-cluster", "false");
    // trust: the coordinator's CA, certificate, join token and tokens; an agent's credential
    put("state-dir", Path.of(System.getProperty("user.home"), ".local", "state", "tierbench").toString());
    put("tls-cert", "");
    put("tls-key", "");
    put("tls-names", "");
    put("join-token", "");
    put("join-token-file", "");
    // a person's own token (tierbench token user add) for the commands that talk to a coordinator; blank: operator
    put("token-file", "");
    // the role tierbench token user add gives: the least unless asked
    put("role", "read");
    // coordinator
    put("http-port", "8765");
    put("heartbeat-interval", "1s");
    put("lease-timeout", "5s");
    put("lease-poll", "5s");
    put("max-attempts", "3");
    put("agent-lost-after", "60s");
    // agents find a restarted coordinator after rejoin-after (15 s by default) and a cluster join: room to spare
    put("claim-grace", "30s");
    // the largest analysis a call may ask for (100,000 draws) of a test run takes about 2 s on two cores: room to spare
    put("api-deadline", "10s");
    put("runs-dir", "runs");
    put("run-id", "");
    put("fresh", "false");
    put("agents", "1");
    put("sweep", "");
    put("exit-when-done", "true");
    // submitted runs prepared or running at once: each gets a share of the agents, so a few
    put("max-runs", "4");
    // plan limits: above any sweep written on purpose, below a typo's two million tasks
    put("max-tasks", "10000");
    put("max-trained", "200");
    put("coordinator", "https://127.0.0.1:8765");
    // a submitted run's share of the agents against the others running (1 to 10)
    put("priority", "1");
    // how often wait asks a coordinator where a run stands
    put("poll-interval", "1s");
    put("prometheus-targets", "");
    put("fleet-metrics", "false");
    // the largest file a submitted sweep may upload: above any model or image folder's file, below a full disk
    put("max-upload", "2GiB");
    // agent
    put("tier", "local");
    put("agent-id", "");
    put("label", "");
    put("cache-dir", Path.of(System.getProperty("user.home"), ".cache", "tierbench").toString());
    put("device-lock", Path.of(System.getProperty("java.io.tmpdir"), "tierbench-device.lock").toString());
    put("tflite-library", "");
    put("shutdown-grace", "10s");
    put("sample-interval", "100ms");
    // measure the device's peaks (about 1.5 s) before registering: the report's roofline compares variants with them
    put("calibrate", "true");
    put("rejoin-after", "15s");
    put("metrics-port", "9465");
    // blank: 127.0.0.1 (nothing beyond this machine unless asked, and then only with the scrape token)
    put("metrics-host", "");
    // blank: none, which only a loopback --metrics-host allows
    put("metrics-token-file", "");
    put("sysfs-root", "/");
    // measurement (also the sweep file's `measurement:` keys and the `measure` command's flags)
    put("batch", "1");
    put("threads", "1");
    put("xnnpack", "true");
    put("scenario", "single-stream");
    put("rate", "0");
    put("cpus", "");
    put("engine", "tflite");
    put("optimization", "all");
    put("provider", "cpu");
    put("warmup", "50");
    put("max-warmup", "10s");
    put("stability-windows", "3");
    put("stability-tolerance", "0.05");
    put("latency-bound", "0s");
    put("seed", "1");
    put("find-max-rate", "false");
    put("min-duration", "1s");
    put("min-queries", "100");
    put("max-duration", "60s");
    put("profile-queries", "0");
    // generate
    put("param", "");
    // predict
    put("model", "");
    put("generate", "");
    put("output", "");
    // analysis (report, recommend)
    put("objectives", "");
    put("draws", "1000");
    put("draw-seed", "1");
    put("plateau-gain", "0.01");
    put("maximize", "");
    put("minimize", "");
    put("where", "");
    // output
    put("json", "false");
    put("progress", "auto");
    put("verbose", "false");
  }

  private Defaults() {}

  private static void put(String key, String value) {
    VALUES.put(key, value);
  }

  /** The default of {@code key}, or empty if no such key exists. */
  public static Optional<String> of(String key) {
    return Optional.ofNullable(VALUES.get(key));
  }

  /** The default of a key that must exist. */
  public static String get(String key) {
    return of(key).orElseThrow(() -> new IllegalArgumentException("no configuration key '" + key + "'"));
  }

  public static Map<String, String> all() {
    return Collections.unmodifiableMap(VALUES);
  }
}
