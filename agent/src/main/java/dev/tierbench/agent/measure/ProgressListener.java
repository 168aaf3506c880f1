package dev.tierbench.agent.measure;

import java.util.Map;

import dev.tierbench.common.protocol.Phase;

/**
 * Told where a measurement is; called from the measuring thread, {@link #progress} at most a few times a
 * second, and from the sampling thread with the system's figures.
 */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (phase, done, total) -> {};

  /** @param total 0 when not known */
  void progress(Phase phase, long done, long total);

  /** The latency of one timed query, right after it ran (warm-up excluded): keep it cheap. */
  default void timed(long nanos) {}

  /** The latest system figures, about once a second while the timed part runs (on the sampling thread). */
  default void system(Map<String, Double> values) {}
}
