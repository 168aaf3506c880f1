package dev.tierbench.agent.calibrate;

import java.util.Arrays;

/**
 * STREAM's copy kernel in Java: a buffer far larger than any last-level cache copied with {@link System#arraycopy},
 * counted as STREAM counts it, bytes read plus bytes written (a write-allocate cache moves more; STREAM's figures
 * and this one leave that out alike).
 */
final class MemoryCopy {

  /** 64 MiB: several times the last-level cache of the CPUs agents run on (servers' per-socket L3 included). */
  static final long MAX_BYTES = 64L << 20;

  private MemoryCopy() {}

  /**
   * The buffer size for this JVM: {@link #MAX_BYTES}, less where the heap is small (a 1 GB board's JVM), as the two
   * buffers may take a quarter of the heap at most; still far above a board's cache (1 MiB on a Raspberry Pi 4).
   */
  static long bytes(long maxHeap) {
    return Math.min(MAX_BYTES, maxHeap / 8) & ~7L;
  }

  /** The best copy rate in GB/s within the deadline, STREAM's "best of several". */
  static double gbps(Repeats repeats, long deadlineNanos) {
    long[] from = new long[(int) (bytes(Runtime.getRuntime().maxMemory()) / Long.BYTES)];
    long[] to = new long[from.length];
    Arrays.fill(from, 1);
    // Touched once before timing: the first copy would time the kernel's page faults, not the memory.
    System.arraycopy(from, 0, to, 0, from.length);
    double fastest = repeats.seconds(() -> System.arraycopy(from, 0, to, 0, from.length), deadlineNanos)[0];
    return 2.0 * from.length * Long.BYTES / fastest / 1e9;
  }
}
