package dev.tierbench.agent.measure;

import dev.tierbench.common.protocol.Phase;

/**
 * Told where a measurement is; called from the measuring thread, {@link #progress} at most a few times a
 * second.
 */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (phase, done, total) -> {};

  /** @param total 0 when not known */
  void progress(Phase phase, long done, long total);

  /** The latency of one timed query, right after it ran (warm-up excluded): keep it cheap. */
  default void timed(long nanos) {}
}
