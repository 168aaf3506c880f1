package dev.tierbench.common.protocol;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How queries are issued during a measurement, as in MLPerf LoadGen. */
public enum Scenario {
  /** One query at a time, the next issued when the previous completes: latency. */
  SINGLE_STREAM,
  /** Queries back to back at the trial's batch size: throughput (samples/s) and per-batch latency. */
  OFFLINE,
  /** Queries arrive by a seeded Poisson process at the trial's rate; latency includes queueing. */
  SERVER;

  /** The name in sweep files and flags: {@code single-stream}, {@code offline}, {@code server}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<Scenario> byKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst();
  }
}
