package dev.tierbench.agent.measure;

import java.util.BitSet;
import java.util.regex.Pattern;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Pins the calling thread to a set of CPUs with Linux's {@code sched_setaffinity} (through JNA, which OSHI
 * brings). Threads the thread creates afterwards (TFLite's worker pool, made when the interpreter is) inherit
 * the set, so pinning before loading a model pins the whole inference.
 */
public final class Affinity {

  /** CPU sets as in taskset -c: {@code 0}, {@code 0,2}, {@code 0-3}, {@code 0-1,4}. */
  public static final Pattern CPU_LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");
  private static final int MASK_BYTES = 128; // 1024 CPUs

  private interface LibC extends Library {
    int sched_setaffinity(int pid, long size, byte[] mask);

    int sched_getaffinity(int pid, long size, byte[] mask);
  }

  private static LibC libc;

  private Affinity() {}

  /** The CPUs in a taskset-style list. */
  public static BitSet parse(String list) {
    if (!CPU_LIST.matcher(list).matches()) {
      throw new IllegalArgumentException("cpus '" + list + "' is not a CPU list such as 0, 0,2 or 0-3");
    }
    BitSet cpus = new BitSet();
    for (String part : list.split(",")) {
      String[] range = part.split("-");
      int from = Integer.parseInt(range[0]);
      int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
      if (to < from || to >= MASK_BYTES * 8) {
        throw new IllegalArgumentException("cpus '" + list + "': bad range " + part);
      }
      cpus.set(from, to + 1);
    }
    return cpus;
  }

  /** The calling thread's CPU set until {@link #close()}, which restores the one it had. */
  public static final class Pinned implements AutoCloseable {
    private final byte[] previous;

    private Pinned(byte[] previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      libc.sched_setaffinity(0, MASK_BYTES, previous);
    }
  }

  /**
   * Pins the calling thread to {@code list}.
   *
   * @throws UnsupportedOperationException when the OS cannot pin (not Linux) or the CPUs are not this
   *     process's to use, saying which are
   */
  public static synchronized Pinned pin(String list) {
    BitSet wanted = parse(list);
    if (!Platform.isLinux()) {
      throw new UnsupportedOperationException("pinning to CPUs needs Linux, this is " + System.getProperty("os.name"));
    }
    if (libc == null) {
      libc = Native.load("c", LibC.class);
    }
    byte[] current = new byte[MASK_BYTES];
    if (libc.sched_getaffinity(0, MASK_BYTES, current) != 0) {
      throw new UnsupportedOperationException("cannot read this thread's CPU set (errno " + Native.getLastError() + ")");
    }
    BitSet allowed = BitSet.valueOf(current);
    BitSet outside = (BitSet) wanted.clone();
    outside.andNot(allowed);
    if (!outside.isEmpty()) {
      throw new UnsupportedOperationException("cpus " + list + ": CPU(s) " + outside + " are not available to this"
          + " process (it may use " + allowed + ")");
    }
    byte[] mask = java.util.Arrays.copyOf(wanted.toByteArray(), MASK_BYTES);
    if (libc.sched_setaffinity(0, MASK_BYTES, mask) != 0) {
      throw new UnsupportedOperationException("cannot pin to cpus " + list + " (errno " + Native.getLastError() + ")");
    }
    return new Pinned(current);
  }

  /** The calling thread's current CPU set, for tests and logs. */
  public static synchronized BitSet current() {
    if (libc == null) {
      libc = Native.load("c", LibC.class);
    }
    byte[] mask = new byte[MASK_BYTES];
    libc.sched_getaffinity(0, MASK_BYTES, mask);
    return BitSet.valueOf(mask);
  }
}
