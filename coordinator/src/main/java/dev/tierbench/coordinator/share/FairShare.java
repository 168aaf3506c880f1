package dev.tierbench.coordinator.share;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of the runs in progress an agent serves next: the one that has had the least agent time for its priority.
 * Agent time is counted from a lease's grant to its end, leases still held included, so a run of long tasks is not
 * served again before the others catch up. A run that joins starts level with the least served run already there:
 * it neither waits while the others catch up with it nor takes every agent until it has caught up with them.
 * Pure logic over an injected {@link Clock}, like the task board; not thread-safe.
 */
public final class FairShare {

  private final Clock clock;
  private final Map<String, Account> accounts = new LinkedHashMap<>();
  private final Map<String, Held> held = new HashMap<>();

  /** A run's agent time: {@code credit} is what it was given on joining, in weighted nanoseconds. */
  private static final class Account {
    final int priority;
    final double credit;
    long chargedNanos;

    Account(int priority, double credit) {
      this.priority = priority;
      this.credit = credit;
    }
  }

  private record Held(String runId, Instant since) {}

  public FairShare(Clock clock) {
    this.clock = clock;
  }

  /**
   * Adds a run with {@code priority}: a run of priority 2 gets twice the agent time of one of priority 1 while both
   * have work.
   */
  public void join(String runId, int priority) {
    if (priority < 1) {
      throw new IllegalArgumentException("priority must be >= 1, got " + priority);
    }
    if (accounts.containsKey(runId)) {
      throw new IllegalArgumentException("run " + runId + " already shares the agents");
    }
    Instant now = clock.instant();
    double level = accounts.keySet().stream().mapToDouble(id -> weighted(id, now)).min().orElse(0);
    accounts.put(runId, new Account(priority, level));
  }

  /** The run has ended: it no longer counts, nor do its leases. */
  public void leave(String runId) {
    accounts.remove(runId);
    held.values().removeIf(h -> h.runId().equals(runId));
  }

  /** An agent began serving {@code runId} under {@code leaseId} at {@code since}. */
  public void leased(String runId, String leaseId, Instant since) {
    if (accounts.containsKey(runId)) {
      held.put(leaseId, new Held(runId, since));
    }
  }

  /** The lease ended, however: its time is charged to its run. */
  public void ended(String leaseId) {
    Held lease = held.remove(leaseId);
    if (lease != null && accounts.containsKey(lease.runId())) {
      accounts.get(lease.runId()).chargedNanos += nanosSince(lease.since(), clock.instant());
    }
  }

  /** {@code runIds} with the least served (for its priority) first; equals in the order they joined. */
  public List<String> order(Collection<String> runIds) {
    Instant now = clock.instant();
    List<String> known = new ArrayList<>(accounts.keySet());
    known.retainAll(runIds);
    if (known.size() < 2) {
      return known; // one run has all: no need to add up every lease held, as each lease to a fleet would
    }
    Map<String, Double> level = new HashMap<>();
    known.forEach(id -> level.put(id, weighted(id, now)));
    known.sort(Comparator.comparingDouble(level::get));
    return known;
  }

  /** The agent time {@code runId} has had since it joined, its leases still held included. */
  public Duration served(String runId) {
    return Duration.ofNanos(servedNanos(runId, clock.instant()));
  }

  private double weighted(String runId, Instant now) {
    Account account = accounts.get(runId);
    return account.credit + servedNanos(runId, now) / (double) account.priority;
  }

  private long servedNanos(String runId, Instant now) {
    Account account = accounts.get(runId);
    if (account == null) {
      return 0;
    }
    long running = held.values().stream().filter(h -> h.runId().equals(runId))
        .mapToLong(h -> nanosSince(h.since(), now)).sum();
    return account.chargedNanos + running;
  }

  private static long nanosSince(Instant since, Instant now) {
    return Math.max(0, Duration.between(since, now).toNanos());
  }
}
