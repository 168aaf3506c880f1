package dev.tierbench.coordinator.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.tierbench.coordinator.plan.PlannedTask;

/**
 * The coordinator's view of every task: per-tier queues, leases with deadlines, attempts and their bound.
 * Pure logic over an injected {@link Clock}; not thread-safe (the coordinator calls it from its event loop).
 *
 * <p>A lease not renewed within the lease timeout expires: its task is queued again at the front, unless
 * it has already ended abnormally {@code maxAttempts} times, in which case it fails with the last reason.
 * The first result for a task completes it, whichever attempt sent it, and is stored under that attempt's own
 * number; a result from an attempt whose lease had expired says so in its end's reason. A later result from another
 * attempt is not stored but ends that attempt as {@link AttemptEnd.Outcome#LATE}; the same attempt sending again is a
 * plain duplicate.
 */
public final class TaskBoard {

  private final Clock clock;
  private final Duration leaseTimeout;
  private final int maxAttempts;

  private final Map<String, Entry> tasks = new LinkedHashMap<>();
  private final Map<String, Deque<Entry>> queues = new HashMap<>();
  private final Map<String, Lease> leases = new HashMap<>();
  /** Tasks by state, kept as states change: a run's progress is asked for at every event, of boards of 100,000s. */
  private final Map<TaskState, Integer> totals = new java.util.EnumMap<>(TaskState.class);
  private final Map<String, Map<TaskState, Integer>> counts = new LinkedHashMap<>();

  public TaskBoard(Clock clock, Duration leaseTimeout, int maxAttempts) {
    if (leaseTimeout.isNegative() || leaseTimeout.isZero()) {
      throw new IllegalArgumentException("lease-timeout must be positive");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max-attempts must be >= 1");
    }
    this.clock = clock;
    this.leaseTimeout = leaseTimeout;
    this.maxAttempts = maxAttempts;
    for (TaskState state : TaskState.values()) {
      totals.put(state, 0);
    }
  }

  /** Adds a task to its tier's queue. */
  public void add(PlannedTask task) {
    Entry entry = register(task);
    queue(entry.task.tier()).addLast(entry);
  }

  /** Adds a task of a resumed run, given {@code earlierAttempts} before: its next attempt is numbered after them. */
  public void addResumed(PlannedTask task, int earlierAttempts) {
    add(task);
    tasks.get(task.taskId()).attempts = earlierAttempts;
  }

  /**
   * Gives {@code open} back to its agent until {@code holdFor} from now, if its task waits in the queue: a lease an
   * earlier coordinator left open, or one an agent says it holds. A lease already held is renewed. Empty if the task
   * has a result, has failed, is leased under another lease, or this board ended that lease already.
   */
  public Optional<Lease> reinstate(OpenLease open, Duration holdFor) {
    Entry entry = tasks.get(open.taskId());
    if (entry == null) {
      return Optional.empty();
    }
    Lease held = leases.get(open.leaseId());
    if (held != null) {
      return held.agentId().equals(open.agentId()) && renew(open.leaseId()) ? lease(open.leaseId())
          : Optional.empty();
    }
    if (entry.state != TaskState.QUEUED || entry.history.containsKey(open.leaseId())) {
      return Optional.empty();
    }
    removeFromQueue(entry);
    entry.attempts = Math.max(entry.attempts, open.attempt());
    move(entry, TaskState.LEASED);
    Lease lease = new Lease(open.leaseId(), entry.task, open.agentId(), open.attempt(), open.startedAt(),
        clock.instant().plus(holdFor));
    entry.leaseId = lease.leaseId();
    entry.history.put(lease.leaseId(), lease);
    leases.put(lease.leaseId(), lease);
    return Optional.of(lease);
  }

  /** The leases {@code agentId} holds now. */
  public List<Lease> leasesOf(String agentId) {
    return leases.values().stream().filter(l -> l.agentId().equals(agentId)).toList();
  }

  /** The agent came back without {@code leaseId}: the lease ends, and its task is queued again. */
  public Optional<AttemptEnd> unclaimed(String leaseId, String reason) {
    return lease(leaseId).map(lease -> endAbnormally(lease, AttemptEnd.Outcome.UNCLAIMED, reason));
  }

  /** Adds a task that cannot be measured at all (its model is broken): failed from the start. */
  public void addFailed(PlannedTask task, String reason) {
    Entry entry = register(task);
    move(entry, TaskState.FAILED);
    entry.reason = reason;
  }

  /**
   * Adds a task an adaptive sweep has not decided on, given {@code earlierAttempts} before (a resumed run): not
   * leased until {@link #queueHeld} queues it.
   */
  public void addHeld(PlannedTask task, int earlierAttempts) {
    Entry entry = register(task);
    move(entry, TaskState.HELD);
    entry.attempts = earlierAttempts;
  }

  /** Queues the held tasks among {@code chosen}, in that order, behind those queued already. */
  public void queueHeld(List<PlannedTask> chosen) {
    for (PlannedTask task : chosen) {
      Entry entry = tasks.get(task.taskId());
      if (entry != null && entry.state == TaskState.HELD) {
        move(entry, TaskState.QUEUED);
        queue(task.tier()).addLast(entry);
      }
    }
  }

  /** Skips every task of {@code tier} still held, with {@code reason}: the ones skipped. */
  public List<PlannedTask> skipHeld(String tier, String reason) {
    List<PlannedTask> skipped = new ArrayList<>();
    for (Entry entry : tasks.values()) {
      if (entry.state == TaskState.HELD && entry.task.tier().equals(tier)) {
        move(entry, TaskState.SKIPPED);
        entry.reason = reason;
        skipped.add(entry.task);
      }
    }
    return skipped;
  }

  /** How many tasks of {@code tier} are in {@code state}. */
  public int count(String tier, TaskState state) {
    return counts.getOrDefault(tier, Map.of()).getOrDefault(state, 0);
  }

  /** Adds a task that already has a result (a resumed run). */
  public void addDone(PlannedTask task) {
    move(register(task), TaskState.DONE);
  }

  private Entry register(PlannedTask task) {
    Entry entry = new Entry(task);
    if (tasks.putIfAbsent(task.taskId(), entry) != null) {
      throw new IllegalArgumentException("task " + task.taskId() + " is already on the board");
    }
    count(entry.task.tier(), entry.state, 1);
    return entry;
  }

  /** Every change of a task's state goes here, so that the counts stay exact without a scan of the board. */
  private void move(Entry entry, TaskState to) {
    count(entry.task.tier(), entry.state, -1);
    entry.state = to;
    count(entry.task.tier(), to, 1);
  }

  private void count(String tier, TaskState state, int delta) {
    totals.merge(state, delta, Integer::sum);
    counts.computeIfAbsent(tier, t -> new java.util.EnumMap<>(TaskState.class)).merge(state, delta, Integer::sum);
  }

  /**
   * Leases the first queued task of {@code tier} that {@code runs} says the agent can run (its engines), else the
   * first of all, which the agent then fails saying what it lacks, so that a tier without a capable agent still
   * ends.
   */
  public Optional<Lease> take(String agentId, String tier, java.util.function.Predicate<PlannedTask> runs) {
    Deque<Entry> queue = queues.get(tier);
    if (queue == null || queue.isEmpty()) {
      return Optional.empty();
    }
    Entry entry = queue.stream().filter(e -> runs.test(e.task)).findFirst().orElse(queue.peekFirst());
    queue.remove(entry);
    entry.attempts++;
    move(entry, TaskState.LEASED);
    Instant now = clock.instant();
    Lease lease = new Lease(UUID.randomUUID().toString(), entry.task, agentId, entry.attempts, now,
        now.plus(leaseTimeout));
    entry.leaseId = lease.leaseId();
    entry.history.put(lease.leaseId(), lease);
    leases.put(lease.leaseId(), lease);
    return Optional.of(lease);
  }

  /** Pushes a lease's deadline forward; false if the lease is no longer held (expired or superseded). */
  public boolean renew(String leaseId) {
    Lease lease = leases.get(leaseId);
    if (lease == null) {
      return false;
    }
    leases.put(leaseId, lease.renewedUntil(clock.instant().plus(leaseTimeout)));
    return true;
  }

  public boolean holds(String leaseId) {
    return leases.containsKey(leaseId);
  }

  /** Ends every lease whose deadline has passed. */
  public List<AttemptEnd> expire() {
    Instant now = clock.instant();
    List<AttemptEnd> ended = new ArrayList<>();
    for (Lease lease : List.copyOf(leases.values())) {
      if (now.isAfter(lease.deadline())) {
        long silentMillis = Duration.between(lease.deadline().minus(leaseTimeout), now).toMillis();
        ended.add(endAbnormally(lease, AttemptEnd.Outcome.EXPIRED, "lease expired: agent " + lease.agentId()
            + " silent for " + String.format("%.1f", silentMillis / 1000.0) + " s"));
      }
    }
    return ended;
  }

  /** The lease {@code leaseId} if it was ever granted for {@code taskId}, held now or not. */
  public Optional<Lease> granted(String taskId, String leaseId) {
    Entry entry = tasks.get(taskId);
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.history.get(leaseId));
  }

  /**
   * A result for a task that has one already: if it comes from another attempt than the stored one, that attempt
   * ends as {@link AttemptEnd.Outcome#LATE} (once); a repeat of the stored attempt, or an unknown lease, ends nothing.
   */
  public Optional<AttemptEnd> late(String taskId, String leaseId, String agentId) {
    Entry entry = tasks.get(taskId);
    Lease sender = entry == null || entry.state != TaskState.DONE ? null : entry.history.get(leaseId);
    if (sender == null || leaseId.equals(entry.doneLeaseId) || !entry.lateLeases.add(leaseId)) {
      return Optional.empty();
    }
    Lease stored = entry.history.get(entry.doneLeaseId);
    String reason = "its result arrived after " + (stored == null ? "an earlier run's" : "attempt " + stored.attempt()
        + "'s") + " had been stored; not stored";
    return Optional.of(new AttemptEnd(taskId, sender.attempt(), leaseId, agentId, sender.startedAt(), clock.instant(),
        AttemptEnd.Outcome.LATE, reason, TaskState.DONE));
  }

  /** Whether a result for {@code taskId} would be accepted now (the task exists and has none yet). */
  public boolean awaitsResult(String taskId) {
    Entry entry = tasks.get(taskId);
    return entry != null && entry.state != TaskState.DONE;
  }

  /**
   * Records the result of {@code taskId}, sent under {@code leaseId}. The task is done whatever its state;
   * a lease still held by another agent is revoked.
   *
   * @return how each open lease of the task ended, empty if the result was a duplicate or the task unknown
   */
  public List<AttemptEnd> complete(String taskId, String leaseId, String agentId) {
    Entry entry = tasks.get(taskId);
    if (entry == null || entry.state == TaskState.DONE) {
      return List.of();
    }
    List<AttemptEnd> ended = new ArrayList<>();
    Lease current = entry.leaseId == null ? null : leases.remove(entry.leaseId);
    move(entry, TaskState.DONE);
    entry.reason = null;
    removeFromQueue(entry);
    entry.leaseId = null;
    if (current != null && !current.leaseId().equals(leaseId)) {
      ended.add(end(current, entry, AttemptEnd.Outcome.SUPERSEDED, "a result from another attempt arrived first"));
    }
    entry.doneLeaseId = leaseId;
    Lease sender = entry.history.get(leaseId);
    boolean expired = sender != null && (current == null || !current.leaseId().equals(leaseId));
    Instant now = clock.instant();
    ended.add(new AttemptEnd(taskId, sender == null ? entry.attempts : sender.attempt(), leaseId, agentId,
        sender == null ? now : sender.startedAt(), now, AttemptEnd.Outcome.DONE,
        expired ? "delivered after its lease expired" : null, TaskState.DONE));
    return ended;
  }

  /**
   * The agent holding {@code leaseId} could not measure the task. A retryable failure counts as an attempt
   * and requeues the task; a non-retryable one fails it at once.
   */
  public Optional<AttemptEnd> fail(String leaseId, String reason, boolean retryable) {
    Lease lease = leases.get(leaseId);
    if (lease == null) {
      return Optional.empty();
    }
    if (!retryable) {
      Entry entry = tasks.get(lease.task().taskId());
      leases.remove(leaseId);
      entry.leaseId = null;
      move(entry, TaskState.FAILED);
      entry.reason = reason;
      return Optional.of(end(lease, entry, AttemptEnd.Outcome.FAILED, reason));
    }
    return Optional.of(endAbnormally(lease, AttemptEnd.Outcome.FAILED, reason));
  }

  /** The agent handed the task back unmeasured: it goes to the front of its queue, no attempt counted. */
  public Optional<AttemptEnd> release(String leaseId, String reason) {
    Lease lease = leases.remove(leaseId);
    if (lease == null) {
      return Optional.empty();
    }
    Entry entry = tasks.get(lease.task().taskId());
    entry.attempts--;
    entry.leaseId = null;
    move(entry, TaskState.QUEUED);
    queue(entry.task.tier()).addFirst(entry);
    return Optional.of(end(lease, entry, AttemptEnd.Outcome.RELEASED, reason));
  }

  /**
   * Fails every task of {@code tier} still queued or held, with {@code reason}: no agent is left to measure them.
   *
   * @return the ids of the tasks that failed
   */
  public List<String> abandon(String tier, String reason) {
    Deque<Entry> queue = queues.get(tier);
    List<String> failed = new ArrayList<>();
    if (queue != null) {
      for (Entry entry : queue) {
        move(entry, TaskState.FAILED);
        entry.reason = reason;
        failed.add(entry.task.taskId());
      }
      queue.clear();
    }
    for (Entry entry : tasks.values()) {
      if (entry.state == TaskState.HELD && entry.task.tier().equals(tier)) {
        move(entry, TaskState.FAILED);
        entry.reason = reason;
        failed.add(entry.task.taskId());
      }
    }
    return failed;
  }

  /**
   * Ends every lease held, {@link AttemptEnd.Outcome#CANCELLED}, and fails their tasks with {@code reason}: the run
   * was cancelled. Queued tasks are failed with {@link #abandon}, tier by tier.
   */
  public List<AttemptEnd> cancel(String reason) {
    List<AttemptEnd> ended = new ArrayList<>();
    for (Lease lease : List.copyOf(leases.values())) {
      leases.remove(lease.leaseId());
      Entry entry = tasks.get(lease.task().taskId());
      entry.leaseId = null;
      entry.reason = reason;
      move(entry, TaskState.FAILED);
      ended.add(end(lease, entry, AttemptEnd.Outcome.CANCELLED, reason));
    }
    return ended;
  }

  /** An agent left while holding leases: each ends as if expired. */
  public List<AttemptEnd> agentLeft(String agentId) {
    List<AttemptEnd> ended = new ArrayList<>();
    for (Lease lease : List.copyOf(leases.values())) {
      if (lease.agentId().equals(agentId)) {
        ended.add(endAbnormally(lease, AttemptEnd.Outcome.AGENT_LEFT, "agent " + agentId + " left the fleet"));
      }
    }
    return ended;
  }

  private AttemptEnd endAbnormally(Lease lease, AttemptEnd.Outcome outcome, String reason) {
    leases.remove(lease.leaseId());
    Entry entry = tasks.get(lease.task().taskId());
    entry.leaseId = null;
    entry.failures++;
    entry.reason = reason;
    if (entry.failures >= maxAttempts) {
      move(entry, TaskState.FAILED);
      entry.reason = "gave up after " + entry.failures + " failed attempt(s); last: " + reason;
    } else {
      move(entry, TaskState.QUEUED);
      queue(entry.task.tier()).addFirst(entry);
    }
    return end(lease, entry, outcome, reason);
  }

  private AttemptEnd end(Lease lease, Entry entry, AttemptEnd.Outcome outcome, String reason) {
    return new AttemptEnd(entry.task.taskId(), lease.attempt(), lease.leaseId(), lease.agentId(), lease.startedAt(),
        clock.instant(), outcome, reason, entry.state);
  }

  private void removeFromQueue(Entry entry) {
    Deque<Entry> queue = queues.get(entry.task.tier());
    if (queue != null) {
      queue.remove(entry);
    }
  }

  private Deque<Entry> queue(String tier) {
    return queues.computeIfAbsent(tier, t -> new ArrayDeque<>());
  }

  public Optional<Lease> lease(String leaseId) {
    return Optional.ofNullable(leases.get(leaseId));
  }

  public Optional<TaskState> state(String taskId) {
    return Optional.ofNullable(tasks.get(taskId)).map(e -> e.state);
  }

  /** Why a failed task failed. */
  public Optional<String> reason(String taskId) {
    return Optional.ofNullable(tasks.get(taskId)).map(e -> e.reason);
  }

  public int attempts(String taskId) {
    Entry entry = tasks.get(taskId);
    return entry == null ? 0 : entry.attempts;
  }

  public boolean hasQueued(String tier) {
    Deque<Entry> queue = queues.get(tier);
    return queue != null && !queue.isEmpty();
  }

  public boolean finished() {
    return totals.entrySet().stream().allMatch(e -> e.getKey().terminal() || e.getValue() == 0);
  }

  /** Task counts by state, per tier. */
  public Map<String, Map<TaskState, Integer>> counts() {
    Map<String, Map<TaskState, Integer>> copy = new LinkedHashMap<>();
    counts.forEach((tier, byState) -> {
      Map<TaskState, Integer> nonZero = new java.util.EnumMap<>(TaskState.class);
      byState.forEach((state, n) -> {
        if (n != 0) {
          nonZero.put(state, n);
        }
      });
      copy.put(tier, nonZero);
    });
    return copy;
  }

  public Map<TaskState, Integer> totals() {
    return new java.util.EnumMap<>(totals);
  }

  public int size() {
    return tasks.size();
  }

  private static final class Entry {
    final PlannedTask task;
    TaskState state = TaskState.QUEUED;
    int attempts;
    int failures;
    String leaseId;
    /** The lease whose result was stored. */
    String doneLeaseId;
    String reason;
    final Map<String, Lease> history = new HashMap<>();
    /** Leases whose late result has been recorded: an agent retrying its delivery is recorded once. */
    final java.util.Set<String> lateLeases = new java.util.HashSet<>();

    Entry(PlannedTask task) {
      this.task = task;
    }
  }
}
