package dev.tierbench.coordinator.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.tierbench.common.protocol.Ack;
import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.Claim;
import dev.tierbench.common.protocol.Heartbeat;
import dev.tierbench.common.protocol.HeartbeatAck;
import dev.tierbench.common.protocol.Progress;
import dev.tierbench.common.protocol.TaskAssignment;
import dev.tierbench.common.protocol.TaskFailure;
import dev.tierbench.common.protocol.TaskRelease;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.protocol.TaskSpec;
import dev.tierbench.common.protocol.Telemetry;
import dev.tierbench.common.stats.LatencySummary;
import dev.tierbench.coordinator.CoordinatorSettings;
import dev.tierbench.coordinator.fleet.AgentRecord;
import dev.tierbench.coordinator.fleet.Fleet;
import dev.tierbench.coordinator.lease.AttemptEnd;
import dev.tierbench.coordinator.lease.Lease;
import dev.tierbench.coordinator.lease.OpenLease;
import dev.tierbench.coordinator.lease.Resumption;
import dev.tierbench.coordinator.adaptive.AdaptiveSweep;
import dev.tierbench.coordinator.adaptive.Candidates;
import dev.tierbench.coordinator.adaptive.Quality;
import dev.tierbench.coordinator.lease.TaskBoard;
import dev.tierbench.coordinator.lease.TaskState;
import dev.tierbench.coordinator.metrics.CoordinatorMetrics;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PlannedTask;
import dev.tierbench.coordinator.predict.TierPeak;
import dev.tierbench.coordinator.share.FairShare;

/**
 * The rules of the runs in progress, whatever carries the messages: agents register and are heard from, tasks are
 * leased to the agents of their tier (runs sharing a tier's agents by {@link FairShare}), silent leases expire, tiers
 * whose agents all fell silent are given up, results are checked and completed, and a run ends when every task is
 * done or failed, or when it is cancelled. Pure logic over an injected {@link Clock}, like {@link TaskBoard}; not
 * thread-safe (one event loop calls it). Every change is told to one {@code Consumer<RunEvent>}, which records it.
 */
public final class RunCore {

  private final CoordinatorSettings settings;
  private final Clock clock;
  private final Fleet fleet;
  private final FairShare share;
  private final Consumer<RunEvent> events;
  /** The disturbance a result delivered after its lease expired is stored with. */
  static final String LATE_RESULT = "delivered after its lease expired (attempt %d): its agent was silent past the"
      + " lease timeout while measuring, so a stall may be inside these latencies";

  /** The runs in progress, in the order they started. */
  private final Map<String, RunState> runs = new LinkedHashMap<>();
  /** Whether the runs to resume have started: before, a result or claim may belong to one about to resume. */
  private boolean open;
  /** Whether the runs open only when told, not at the first start: several are about to resume. */
  private boolean held;
  private final Map<String, String> lastEvents = new HashMap<>();
  /** What agents registering before the runs were open said they hold. */
  private final Map<String, List<Claim>> claimsBeforeOpen = new LinkedHashMap<>();

  public RunCore(CoordinatorSettings settings, Clock clock, Consumer<RunEvent> events) {
    this.settings = settings;
    this.clock = clock;
    this.fleet = new Fleet(clock);
    this.share = new FairShare(clock);
    this.events = events;
  }

  // ---- the fleet

  /**
   * Registers (or re-registers) an agent, which names the leases it still holds: those it can keep are renewed, those
   * it no longer holds end, and the tasks of both go to no one else meanwhile. Claims made before the runs are open
   * are settled when they are.
   */
  public void register(AgentInfo agent, List<Claim> claims) {
    boolean isNew = fleet.register(agent);
    emit(new RunEvent.AgentJoined(agent, isNew, clock.instant()));
    if (open) {
      reconcile(agent.agentId(), claims);
    } else {
      claimsBeforeOpen.put(agent.agentId(), List.copyOf(claims));
    }
  }

  private void reconcile(String agentId, List<Claim> claims) {
    Set<String> kept = new HashSet<>();
    for (Claim claim : claims) {
      Optional<RunState> run = runOf(claim.taskId(), claim.leaseId());
      Optional<Lease> lease = run.flatMap(r -> keep(r, agentId, claim));
      if (lease.isPresent()) {
        kept.add(claim.leaseId());
        fleet.seen(agentId, -1, claim.outcomeHeld() ? null : claim.taskId());
        emit(new RunEvent.LeaseKept(run.get().runId(), lease.get(), "claimed by its agent, " + (claim.outcomeHeld()
            ? "outcome held" : "measuring")));
      } else {
        emit(new RunEvent.ClaimRefused(agentId, claim, run.map(r -> refusal(r, claim))
            .orElse("task " + claim.taskId() + " is not part of a run in progress")));
      }
    }
    for (RunState run : List.copyOf(runs.values())) {
      for (Lease lease : run.board.leasesOf(agentId)) {
        if (!kept.contains(lease.leaseId())) {
          run.board.unclaimed(lease.leaseId(), "agent " + agentId + " registered again without it").ifPresent(
              end -> ended(run, end));
        }
      }
    }
  }

  /**
   * The run a claim or a result is about: the one that granted its lease, else the first with its task (a lease
   * this coordinator never granted nor stored).
   */
  private Optional<RunState> runOf(String taskId, String leaseId) {
    return holding(taskId, leaseId).or(() -> withTask(taskId));
  }

  /** The claimed lease, renewed; one this coordinator never granted (nor stored) is taken over as a new attempt. */
  private Optional<Lease> keep(RunState run, String agentId, Claim claim) {
    int attempt = run.board.granted(claim.taskId(), claim.leaseId()).map(Lease::attempt)
        .orElse(run.board.attempts(claim.taskId()) + 1);
    Optional<Lease> lease = run.board.reinstate(new OpenLease(claim.taskId(), claim.leaseId(), agentId, attempt,
        clock.instant()), settings.leaseTimeout());
    lease.ifPresent(l -> share.leased(run.runId(), l.leaseId(), l.startedAt()));
    return lease;
  }

  private static String refusal(RunState run, Claim claim) {
    return switch (run.board.state(claim.taskId()).orElseThrow()) {
      case DONE -> "task " + claim.taskId() + " has a result already";
      case FAILED -> "task " + claim.taskId() + " has failed";
      case LEASED -> "task " + claim.taskId() + " is leased to another agent";
      case QUEUED -> "lease " + claim.leaseId() + " of task " + claim.taskId() + " has ended already";
      case HELD, SKIPPED -> "task " + claim.taskId() + " is not to be measured now (adaptive sweep)";
    };
  }

  /** Notes the agent alive and renews the lease it names; tells it whether it is known and its lease still held. */
  public HeartbeatAck heartbeat(Heartbeat beat) {
    Optional<RunState> run = beat.leaseId() == null ? Optional.empty() : leasing(beat.leaseId());
    String taskId = run.flatMap(r -> r.board.lease(beat.leaseId())).map(l -> l.task().taskId()).orElse(null);
    if (!fleet.seen(beat.agentId(), beat.lastRoundTripMicros(), taskId)) {
      return new HeartbeatAck(false, false);
    }
    // Before the runs are open no lease can be judged: one from before a restart may be about to be given back.
    return new HeartbeatAck(true, beat.leaseId() == null || !open
        || run.map(r -> r.board.renew(beat.leaseId())).orElse(false));
  }

  public void progress(Progress progress) {
    fleet.seen(progress.agentId(), -1, progress.taskId());
    leasing(progress.leaseId()).ifPresent(r -> r.board.renew(progress.leaseId()));
  }

  public void telemetry(Telemetry telemetry) {
    fleet.telemetry(telemetry.agentId(), telemetry.taskId(), telemetry.values());
  }

  /** The agent says goodbye: the leases it held end as if expired. */
  public void leave(String agentId, String reason) {
    for (RunState run : List.copyOf(runs.values())) {
      run.board.agentLeft(agentId).forEach(end -> ended(run, end));
    }
    fleet.remove(agentId);
    claimsBeforeOpen.remove(agentId);
    emit(new RunEvent.AgentLeft(agentId, reason));
  }

  /** Whether {@code agentId} is registered; notes it alive if so. */
  public boolean heardFrom(String agentId) {
    return fleet.seen(agentId, -1, null);
  }

  /** Whether the agent was heard from within a lease timeout: one that was not would not hold a lease long. */
  public boolean alive(String agentId) {
    return fleet.alive(agentId, settings.leaseTimeout());
  }

  /** lost (silent longer than a lease lasts), busy (holds a task) or idle. */
  public String state(AgentRecord agent) {
    return !alive(agent.info().agentId()) ? "lost" : agent.taskId() == null ? "idle" : "busy";
  }

  public List<AgentRecord> agents() {
    return fleet.all();
  }

  public Optional<String> tierOf(String agentId) {
    return fleet.get(agentId).map(a -> a.info().tier());
  }

  // ---- the runs' lifecycle

  /** {@link #start(String, Plan, Path, Resumption, int)} with priority 1. */
  public RunState start(String runId, Plan plan, Path folder, Resumption resumption) {
    return start(runId, plan, folder, resumption, 1);
  }

  /**
   * Starts a run of {@code plan} beside those in progress, sharing their agents by {@code priority}: tasks
   * {@code resumption} has results for are done already, tasks whose model failed its check fail at once, the rest
   * are queued, numbered after their earlier attempts; leases left open are kept for their agents for claim-grace.
   * The runs are open from here (claims agents made meanwhile are settled), unless {@link #hold()} was asked.
   *
   * @throws IllegalStateException while a run of the same id is in progress
   */
  public RunState start(String runId, Plan plan, Path folder, Resumption resumption, int priority) {
    if (runs.containsKey(runId)) {
      throw new IllegalStateException("run " + runId + " is still in progress");
    }
    TaskBoard board = new TaskBoard(clock, settings.leaseTimeout(), settings.maxAttempts());
    AdaptiveSweep adaptive = plan.sweep().adaptive() == null ? null
        : new AdaptiveSweep(plan.sweep().adaptive(), Candidates.of(plan), this::peaks);
    Map<String, List<PlannedTask>> unusable = new LinkedHashMap<>();
    int resumed = 0;
    for (PlannedTask task : plan.tasks()) {
      if (resumption.completed().contains(task.taskId())) {
        board.addDone(task);
        resumed++;
      } else if (!plan.check(task).ok()) {
        board.addFailed(task, plan.check(task).problem());
        unusable.computeIfAbsent(plan.check(task).problem(), p -> new ArrayList<>()).add(task);
      } else if (adaptive != null) {
        board.addHeld(task, resumption.attempts(task.taskId()));
      } else {
        board.addResumed(task, resumption.attempts(task.taskId()));
      }
    }
    if (adaptive != null) {
      resumption.measured().forEach((taskId, m) -> adaptive.measured(taskId, m.p50Ms(), m.quality()));
      // Tasks measured, or being measured, when the last coordinator stopped were chosen already: their variants'
      // tasks are queued again first, so that agents may claim theirs.
      Set<String> chosen = new HashSet<>(resumption.completed());
      resumption.open().forEach(o -> chosen.add(o.taskId()));
      board.queueHeld(adaptive.start(chosen));
    }
    if (runs.isEmpty()) {
      fleet.clearRoundTrips();
    }
    RunState run = new RunState(runId, plan, folder, resumed, board, adaptive);
    runs.put(runId, run);
    share.join(runId, priority);
    emit(new RunEvent.RunStarted(runId, plan.trials().size(), plan.tasks().size(), resumed, plan.sweep().tiers()));
    unusable.forEach((problem, tasks) -> emit(new RunEvent.TasksFailed(runId, tasks, problem, clock.instant())));
    for (OpenLease open : resumption.open()) {
      board.reinstate(open, settings.claimGrace()).ifPresent(lease -> {
        share.leased(runId, lease.leaseId(), lease.startedAt());
        emit(new RunEvent.LeaseKept(runId, lease, "open when the coordinator stopped"));
      });
    }
    if (!held) {
      open();
    }
    return run;
  }

  /** Several runs are about to resume: claims and results wait for {@link #open()}, not for the first start. */
  public void hold() {
    held = !open;
  }

  /**
   * The runs to resume have started: claims agents made meanwhile are settled, and results for runs not in progress
   * are refused from now on.
   */
  public void open() {
    held = false;
    open = true;
    claimsBeforeOpen.forEach(this::reconcile);
    claimsBeforeOpen.clear();
  }

  /** The run {@code runId} if it is in progress. */
  public Optional<RunState> run(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  /** The runs in progress, in the order they started. */
  public List<RunState> runs() {
    return List.copyOf(runs.values());
  }

  /**
   * Cancels a run in progress: the leases its agents hold are revoked (each agent learns it at its next heartbeat
   * and stops), its queued tasks fail with {@code reason}, and it ends at the next {@link #finishDone()}; what it
   * measured is kept.
   *
   * @return false if no such run is in progress
   */
  public boolean cancel(String runId, String reason) {
    RunState run = runs.get(runId);
    if (run == null) {
      return false;
    }
    for (AttemptEnd end : run.board.cancel(reason)) {
      fleet.dropTask(end.agentId(), end.taskId());
      ended(run, end);
    }
    List<PlannedTask> failed = new ArrayList<>();
    for (String tier : run.plan().sweep().tiers()) {
      run.board.abandon(tier, reason).forEach(id -> failed.add(run.task(id).orElseThrow()));
    }
    if (!failed.isEmpty()) {
      emit(new RunEvent.TasksFailed(runId, failed, reason, clock.instant()));
    }
    return true;
  }

  /**
   * Ends every run whose tasks are all done or failed: the core forgets it, and its outcome says how it went.
   * Heartbeat round trips measured during the runs are in {@link #roundTrips()} until a run starts with none in
   * progress.
   */
  public List<RunOutcome> finishDone() {
    List<RunOutcome> outcomes = new ArrayList<>();
    for (RunState run : List.copyOf(runs.values())) {
      if (!run.board.finished()) {
        continue;
      }
      List<RunOutcome.FailedTask> failures = new ArrayList<>();
      for (PlannedTask task : run.plan().tasks()) {
        if (run.board.state(task.taskId()).orElseThrow() == TaskState.FAILED) {
          failures.add(new RunOutcome.FailedTask(task.taskId(), task.tier(), run.board.reason(task.taskId())
              .orElse("")));
        }
      }
      RunOutcome outcome = new RunOutcome(run.runId(), run.folder(), run.size(), run.resumed(), failures);
      emit(new RunEvent.RunFinished(outcome));
      runs.remove(run.runId());
      share.leave(run.runId());
      lastEvents.remove(run.runId());
      outcomes.add(outcome);
    }
    return outcomes;
  }

  /** Each agent's heartbeat round-trip times (ns) since the first of the runs in progress began. */
  public Map<String, org.HdrHistogram.Histogram> roundTrips() {
    return fleet.roundTrips();
  }

  /** The agent time {@code runId} has had so far, the leases its agents hold now included. */
  public Duration served(String runId) {
    return share.served(runId);
  }

  // ---- leasing

  /** Whether a task of {@code tier} waits for an agent. */
  public boolean hasQueued(String tier) {
    return runs.values().stream().anyMatch(r -> r.board.hasQueued(tier));
  }

  /**
   * Leases the registered agent a task of its tier, one it has the engine for if there is one, from the run that has
   * had the least of the agents' time for its priority.
   */
  public Optional<TaskAssignment> lease(String agentId) {
    Optional<AgentInfo> agent = fleet.get(agentId).map(AgentRecord::info);
    if (agent.isEmpty()) {
      return Optional.empty();
    }
    String tier = agent.get().tier();
    for (RunState run : List.copyOf(runs.values())) {
      if (run.board.count(tier, TaskState.LEASED) == 0) {
        decide(run, tier);
      }
    }
    List<String> waiting = runs.values().stream().filter(r -> r.board.hasQueued(tier)).map(RunState::runId).toList();
    for (String runId : share.order(waiting)) {
      RunState run = runs.get(runId);
      Optional<Lease> taken = run.board.take(agentId, tier, task -> agent.get().runs(task.trial().params()));
      if (taken.isPresent()) {
        return Optional.of(assign(run, taken.get()));
      }
    }
    return Optional.empty();
  }

  private TaskAssignment assign(RunState run, Lease lease) {
    PlannedTask task = lease.task();
    fleet.seen(lease.agentId(), -1, task.taskId());
    share.leased(run.runId(), lease.leaseId(), lease.startedAt());
    emit(new RunEvent.TaskLeased(run.runId(), lease));
    Plan plan = run.plan();
    return new TaskAssignment(lease.leaseId(), new TaskSpec(task.taskId(), run.runId(), task.trial().id(),
        task.tier(), task.repetition(), lease.attempt(), task.trial().model(), task.trial().params(),
        task.trial().measure(), plan.family(task.trial()), plan.evaluation(task.trial())));
  }

  // ---- what agents send back

  /** Whether {@code result} may be stored; an accepted one is completed by {@link #stored} once it is. */
  public ResultVerdict check(TaskResult result) {
    fleet.seen(result.agentId(), -1, null);
    if (!open) {
      return new ResultVerdict.NotYet("no run has started yet: send the result of task " + result.taskId()
          + " again shortly");
    }
    RunState run = runOf(result.taskId(), result.leaseId()).orElse(null);
    if (run == null) {
      return new ResultVerdict.Refuse("task " + result.taskId() + " is not part of a run in progress");
    }
    PlannedTask task = run.task(result.taskId()).orElseThrow();
    if (!run.board.awaitsResult(task.taskId())) {
      run.board.late(task.taskId(), result.leaseId(), result.agentId()).ifPresent(end -> ended(run, end));
      return new ResultVerdict.Refuse("duplicate: task " + task.taskId() + " already has a result");
    }
    if (!task.tier().equals(result.tier())) {
      return new ResultVerdict.Refuse("result comes from tier " + result.tier() + " but task " + task.taskId()
          + " is for tier " + task.tier());
    }
    if (!task.trial().model().sha256().equals(result.modelSha256())) {
      return new ResultVerdict.Refuse("result measured model " + result.modelSha256() + " but task "
          + task.taskId() + " is for " + task.trial().model().sha256());
    }
    LatencySummary latency;
    try {
      latency = LatencySummary.of(result.measurement().latency().decode());
    } catch (IllegalArgumentException e) {
      return new ResultVerdict.Malformed("result for task " + task.taskId() + ": " + e.getMessage());
    }
    Optional<Lease> granted = run.board.granted(task.taskId(), result.leaseId());
    int attempt = granted.map(Lease::attempt).orElse(run.board.attempts(task.taskId()));
    TaskResult stored = result;
    if (granted.isPresent() && !run.board.holds(result.leaseId())) {
      // Its agent was silent past the lease timeout while measuring: a stall may be inside these latencies.
      stored = new TaskResult(result.taskId(), result.leaseId(), result.agentId(), result.hostname(), result.tier(),
          result.modelSha256(), result.measurement().withDisturbance(LATE_RESULT.formatted(attempt)),
          result.evaluation());
    }
    return new ResultVerdict.Accept(run, task, attempt, latency, stored);
  }

  /**
   * The accepted result is stored: its task is done, and a lease another agent still holds on it is revoked.
   * Nothing happens if its run has ended meanwhile, or the task has its result already.
   */
  public void stored(ResultVerdict.Accept accepted, TaskResult result) {
    RunState run = accepted.run();
    if (runs.get(run.runId()) != run) {
      return;
    }
    List<AttemptEnd> ends = run.board.complete(accepted.task().taskId(), result.leaseId(), result.agentId());
    if (!ends.isEmpty()) {
      emit(new RunEvent.ResultStored(run.runId(), accepted.task(), accepted.latency()));
      ends.forEach(end -> ended(run, end));
      if (run.adaptive != null) {
        run.adaptive.measured(accepted.task().taskId(), accepted.latency().p50() / 1e6,
            Quality.of(result.evaluation()));
        decide(run, accepted.task().tier());
      }
    }
  }

  /**
   * An adaptive run's tier has nothing queued: its sweep chooses what the tier's agents measure next, or, once
   * nothing is being measured there and it chooses nothing, the tier's held tasks are skipped (predicted).
   */
  private void decide(RunState run, String tier) {
    if (run.adaptive == null || run.board.hasQueued(tier) || run.board.count(tier, TaskState.HELD) == 0) {
      return;
    }
    int leased = run.board.count(tier, TaskState.LEASED);
    long agents = fleet.all().stream().filter(a -> a.info().tier().equals(tier)).count();
    List<PlannedTask> next = run.adaptive.next(tier, (int) Math.max(1, agents - leased));
    if (!next.isEmpty()) {
      run.board.queueHeld(next);
    } else if (leased == 0) {
      String reason = run.adaptive.stopped().getOrDefault(tier, "nothing left to choose");
      emit(new RunEvent.TasksSkipped(run.runId(), tier, run.board.skipHeld(tier, reason), reason, clock.instant()));
    }
  }

  /** Each tier's calibrated peaks, from the first of its agents that calibrated. */
  private Map<String, TierPeak> peaks() {
    Map<String, TierPeak> peaks = new LinkedHashMap<>();
    for (AgentRecord agent : fleet.all()) {
      if (agent.info().calibration() != null) {
        peaks.putIfAbsent(agent.info().tier(), TierPeak.of(agent.info().calibration()));
      }
    }
    return peaks;
  }

  /** The agent could not measure its task; answers whether the failure was taken and the task's new state. */
  public Ack failure(TaskFailure failure) {
    fleet.seen(failure.agentId(), -1, null);
    return leasing(failure.leaseId()).flatMap(run -> run.board.fail(failure.leaseId(), failure.reason(),
        failure.retryable()).map(end -> {
          ended(run, end);
          return new Ack(true, end.taskState().name());
        })).orElseGet(() -> new Ack(false, notHeld(failure.leaseId())));
  }

  /** The agent hands its task back unmeasured (it is stopping). */
  public Ack release(TaskRelease release) {
    return leasing(release.leaseId()).flatMap(run -> run.board.release(release.leaseId(), release.reason())
        .map(end -> {
          ended(run, end);
          return new Ack(true, "queued again");
        })).orElseGet(() -> new Ack(false, notHeld(release.leaseId())));
  }

  private String notHeld(String leaseId) {
    return runs.isEmpty() ? "no run in progress" : "lease " + leaseId + " is not held";
  }

  // ---- liveness

  /**
   * Expires leases not renewed in time, and fails the queued tasks of every tier whose agents have all been silent
   * for agent-lost-after (a tier that never had an agent waits for its first). Call it often: a quarter of the
   * lease timeout is plenty.
   */
  public void tick() {
    Instant now = clock.instant();
    for (RunState run : List.copyOf(runs.values())) {
      for (AttemptEnd expired : run.board.expire()) {
        // What the agent was doing is no longer its task: status and the live page must not show it there.
        fleet.dropTask(expired.agentId(), expired.taskId());
        ended(run, expired);
      }
      for (String tier : run.plan().sweep().tiers()) {
        Instant heard = fleet.lastHeard(tier).orElse(null);
        if (heard == null || !run.board.hasQueued(tier) || !heard.plus(settings.agentLostAfter()).isBefore(now)) {
          continue;
        }
        String reason = String.format(Locale.ROOT, "agent lost: no agent of tier %s heard from for %.0f s", tier,
            Duration.between(heard, now).toMillis() / 1000.0);
        List<PlannedTask> failed = run.board.abandon(tier, reason).stream()
            .map(id -> run.task(id).orElseThrow()).toList();
        emit(new RunEvent.TasksFailed(run.runId(), failed, reason, now));
      }
    }
  }

  // ---- where they stand

  /** Where {@code runId} stands, or empty when it is not in progress. */
  public Optional<RunProgress> runProgress(String runId) {
    RunState run = runs.get(runId);
    if (run == null) {
      return Optional.empty();
    }
    Map<TaskState, Integer> totals = run.totals();
    return Optional.of(new RunProgress(run.runId(), run.size(), totals.get(TaskState.DONE),
        totals.get(TaskState.FAILED), totals.get(TaskState.SKIPPED), totals.get(TaskState.LEASED),
        totals.get(TaskState.QUEUED), fleet.all().size(), lastEvents.getOrDefault(runId, "")));
  }

  /** What the gauges show at a scrape. */
  public CoordinatorMetrics.Snapshot metricsSnapshot() {
    Map<List<String>, Long> agents = new TreeMap<>(Comparator.comparing(List::toString));
    Map<String, CoordinatorMetrics.AgentFigures> figures = new TreeMap<>();
    for (AgentRecord agent : fleet.all()) {
      agents.merge(List.of(agent.info().tier(), state(agent)), 1L, Long::sum);
      figures.put(agent.info().agentId(), new CoordinatorMetrics.AgentFigures(agent.info().tier(), agent.system()));
    }
    Map<List<String>, Long> tasks = new LinkedHashMap<>();
    Map<String, Double> progress = new LinkedHashMap<>();
    for (RunState run : runs.values()) {
      run.counts().forEach((tier, counts) -> {
        for (TaskState state : TaskState.values()) {
          tasks.put(List.of(run.runId(), tier, state.name().toLowerCase(Locale.ROOT)),
              (long) counts.getOrDefault(state, 0));
        }
      });
      Map<TaskState, Integer> totals = run.totals();
      progress.put(run.runId(), run.size() == 0 ? 1
          : (totals.get(TaskState.DONE) + totals.get(TaskState.FAILED) + totals.get(TaskState.SKIPPED))
              / (double) run.size());
    }
    return new CoordinatorMetrics.Snapshot(agents, tasks, progress, figures);
  }

  /** The run that granted {@code leaseId} for {@code taskId}, held or not. */
  private Optional<RunState> holding(String taskId, String leaseId) {
    return runs.values().stream().filter(r -> r.board.granted(taskId, leaseId).isPresent()).findFirst();
  }

  /** The first run in progress with a task of that id. */
  private Optional<RunState> withTask(String taskId) {
    return runs.values().stream().filter(r -> r.task(taskId).isPresent()).findFirst();
  }

  /** The run whose board holds {@code leaseId} now. */
  private Optional<RunState> leasing(String leaseId) {
    return leaseId == null ? Optional.empty()
        : runs.values().stream().filter(r -> r.board.holds(leaseId)).findFirst();
  }

  private void ended(RunState run, AttemptEnd end) {
    share.ended(end.leaseId());
    PlannedTask task = run.task(end.taskId()).orElseThrow();
    emit(new RunEvent.AttemptEnded(run.runId(), end, task));
    if (run.adaptive != null && end.taskState() == TaskState.FAILED && end.outcome() != AttemptEnd.Outcome.CANCELLED) {
      run.adaptive.failed(end.taskId());
      decide(run, task.tier());
    }
  }

  private void emit(RunEvent event) {
    String description = event.describe();
    if (description != null && event.runId() != null) {
      lastEvents.put(event.runId(), description);
    } else if (description != null) {
      runs.keySet().forEach(id -> lastEvents.put(id, description));
    }
    events.accept(event);
  }
}
