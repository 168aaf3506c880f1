package dev.tierbench.coordinator.run;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import dev.tierbench.coordinator.lease.TaskBoard;
import dev.tierbench.coordinator.lease.TaskState;
import dev.tierbench.coordinator.metrics.CoordinatorMetrics;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PlannedTask;

/**
 * The rules of a run, whatever carries the messages: agents register and are heard from, tasks are leased to the
 * agents of their tier, silent leases expire, tiers whose agents all fell silent are given up, results are checked
 * and completed, and the run ends when every task is done or failed. Pure logic over an injected {@link Clock},
 * like {@link TaskBoard}; not thread-safe (one event loop calls it). Every change is told to one
 * {@code Consumer<RunEvent>}, which records it.
 */
public final class RunCore {

  private final CoordinatorSettings settings;
  private final Clock clock;
  private final Fleet fleet;
  private final Consumer<RunEvent> events;
  /** The disturbance a result delivered after its lease expired is stored with. */
  static final String LATE_RESULT = "delivered after its lease expired (attempt %d): its agent was silent past the"
      + " lease timeout while measuring, so a stall may be inside these latencies";

  private RunState run;
  /** Whether a run has been started: before, a result may belong to the run about to resume. */
  private boolean started;
  private String lastEvent = "";
  /** What agents registering before the run started said they hold. */
  private final Map<String, List<Claim>> claimsBeforeStart = new LinkedHashMap<>();

  public RunCore(CoordinatorSettings settings, Clock clock, Consumer<RunEvent> events) {
    this.settings = settings;
    this.clock = clock;
    this.fleet = new Fleet(clock);
    this.events = events;
  }

  // ---- the fleet

  /**
   * Registers (or re-registers) an agent, which names the leases it still holds: those it can keep are renewed, those
   * it no longer holds end, and the tasks of both go to no one else meanwhile. Claims made before the run has
   * started are settled when it starts.
   */
  public void register(AgentInfo agent, List<Claim> claims) {
    boolean isNew = fleet.register(agent);
    emit(new RunEvent.AgentJoined(agent, isNew, clock.instant()));
    if (run != null) {
      reconcile(agent.agentId(), claims);
    } else if (!started) {
      claimsBeforeStart.put(agent.agentId(), List.copyOf(claims));
    }
  }

  private void reconcile(String agentId, List<Claim> claims) {
    Set<String> kept = new HashSet<>();
    for (Claim claim : claims) {
      Optional<Lease> lease = keep(agentId, claim);
      if (lease.isPresent()) {
        kept.add(claim.leaseId());
        fleet.seen(agentId, -1, claim.outcomeHeld() ? null : claim.taskId());
        emit(new RunEvent.LeaseKept(lease.get(), "claimed by its agent, " + (claim.outcomeHeld() ? "outcome held"
            : "measuring")));
      } else {
        emit(new RunEvent.ClaimRefused(agentId, claim, refusal(claim)));
      }
    }
    for (Lease lease : run.board.leasesOf(agentId)) {
      if (!kept.contains(lease.leaseId())) {
        run.board.unclaimed(lease.leaseId(), "agent " + agentId + " registered again without it").ifPresent(
            this::ended);
      }
    }
  }

  /** The claimed lease, renewed; one this coordinator never granted (nor stored) is taken over as a new attempt. */
  private Optional<Lease> keep(String agentId, Claim claim) {
    int attempt = run.board.granted(claim.taskId(), claim.leaseId()).map(Lease::attempt)
        .orElse(run.board.attempts(claim.taskId()) + 1);
    return run.board.reinstate(new OpenLease(claim.taskId(), claim.leaseId(), agentId, attempt, clock.instant()),
        settings.leaseTimeout());
  }

  private String refusal(Claim claim) {
    Optional<TaskState> state = run.board.state(claim.taskId());
    if (state.isEmpty()) {
      return "task " + claim.taskId() + " is not part of the current run";
    }
    return switch (state.get()) {
      case DONE -> "task " + claim.taskId() + " has a result already";
      case FAILED -> "task " + claim.taskId() + " has failed";
      case LEASED -> "task " + claim.taskId() + " is leased to another agent";
      case QUEUED -> "lease " + claim.leaseId() + " of task " + claim.taskId() + " has ended already";
    };
  }

  /** Notes the agent alive and renews the lease it names; tells it whether it is known and its lease still held. */
  public HeartbeatAck heartbeat(Heartbeat beat) {
    String taskId = beat.leaseId() == null || run == null ? null
        : run.board.lease(beat.leaseId()).map(l -> l.task().taskId()).orElse(null);
    if (!fleet.seen(beat.agentId(), beat.lastRoundTripMicros(), taskId)) {
      return new HeartbeatAck(false, false);
    }
    // Before the run resumes no lease can be judged: one from before a restart may be about to be given back.
    return new HeartbeatAck(true, beat.leaseId() == null || !started
        || (run != null && run.board.renew(beat.leaseId())));
  }

  public void progress(Progress progress) {
    fleet.seen(progress.agentId(), -1, progress.taskId());
    if (run != null) {
      run.board.renew(progress.leaseId());
    }
  }

  public void telemetry(Telemetry telemetry) {
    fleet.telemetry(telemetry.agentId(), telemetry.taskId(), telemetry.values());
  }

  /** The agent says goodbye: the leases it held end as if expired. */
  public void leave(String agentId, String reason) {
    if (run != null) {
      run.board.agentLeft(agentId).forEach(this::ended);
    }
    fleet.remove(agentId);
    claimsBeforeStart.remove(agentId);
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

  // ---- the run's lifecycle

  /**
   * Starts a run of {@code plan}: tasks {@code resumption} has results for are done already, tasks whose model failed
   * its check fail at once, the rest are queued, numbered after their earlier attempts; leases left open are kept
   * for their agents for claim-grace, and claims agents made meanwhile are settled.
   *
   * @throws IllegalStateException while another run is in progress
   */
  public RunState start(String runId, Plan plan, Path folder, Resumption resumption) {
    if (run != null) {
      throw new IllegalStateException("run " + run.runId() + " is still in progress");
    }
    TaskBoard board = new TaskBoard(clock, settings.leaseTimeout(), settings.maxAttempts());
    Map<String, List<PlannedTask>> unusable = new LinkedHashMap<>();
    int resumed = 0;
    for (PlannedTask task : plan.tasks()) {
      if (resumption.completed().contains(task.taskId())) {
        board.addDone(task);
        resumed++;
      } else if (!plan.check(task).ok()) {
        board.addFailed(task, plan.check(task).problem());
        unusable.computeIfAbsent(plan.check(task).problem(), p -> new ArrayList<>()).add(task);
      } else {
        board.addResumed(task, resumption.attempts(task.taskId()));
      }
    }
    fleet.clearRoundTrips();
    run = new RunState(runId, plan, folder, resumed, board);
    started = true;
    emit(new RunEvent.RunStarted(runId, plan.trials().size(), plan.tasks().size(), resumed, plan.sweep().tiers()));
    unusable.forEach((problem, tasks) -> emit(new RunEvent.TasksFailed(tasks, problem, clock.instant())));
    for (OpenLease open : resumption.open()) {
      board.reinstate(open, settings.claimGrace())
          .ifPresent(lease -> emit(new RunEvent.LeaseKept(lease, "open when the coordinator stopped")));
    }
    claimsBeforeStart.forEach(this::reconcile);
    claimsBeforeStart.clear();
    return run;
  }

  /** The run in progress, if any. */
  public Optional<RunState> run() {
    return Optional.ofNullable(run);
  }

  /**
   * Ends the run if every task is done or failed: the core forgets it, and the outcome says how it went.
   * Heartbeat round trips measured during the run are in {@link #roundTrips()} until the next run starts.
   */
  public Optional<RunOutcome> finishIfDone() {
    if (run == null || !run.board.finished()) {
      return Optional.empty();
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
    run = null;
    return Optional.of(outcome);
  }

  /** Each agent's heartbeat round-trip times (ns) since the run began. */
  public Map<String, org.HdrHistogram.Histogram> roundTrips() {
    return fleet.roundTrips();
  }

  // ---- leasing

  /** Whether a task of {@code tier} waits for an agent. */
  public boolean hasQueued(String tier) {
    return run != null && run.board.hasQueued(tier);
  }

  /** Leases the registered agent a task of its tier, one it has the engine for if there is one. */
  public Optional<TaskAssignment> lease(String agentId) {
    Optional<AgentInfo> agent = fleet.get(agentId).map(AgentRecord::info);
    if (run == null || agent.isEmpty()) {
      return Optional.empty();
    }
    RunState current = run;
    return current.board.take(agentId, agent.get().tier(), task -> agent.get().runs(task.trial().params()))
        .map(lease -> {
          PlannedTask task = lease.task();
          fleet.seen(agentId, -1, task.taskId());
          emit(new RunEvent.TaskLeased(lease));
          Plan plan = current.plan();
          return new TaskAssignment(lease.leaseId(), new TaskSpec(task.taskId(), current.runId(), task.trial().id(),
              task.tier(), task.repetition(), lease.attempt(), task.trial().model(), task.trial().params(),
              task.trial().measure(), plan.family(task.trial()), plan.evaluation(task.trial())));
        });
  }

  // ---- what agents send back

  /** Whether {@code result} may be stored; an accepted one is completed by {@link #stored} once it is. */
  public ResultVerdict check(TaskResult result) {
    fleet.seen(result.agentId(), -1, null);
    if (!started) {
      return new ResultVerdict.NotYet("no run has started yet: send the result of task " + result.taskId()
          + " again shortly");
    }
    PlannedTask task = run == null ? null : run.task(result.taskId()).orElse(null);
    if (task == null) {
      return new ResultVerdict.Refuse("task " + result.taskId() + " is not part of the current run");
    }
    if (!run.board.awaitsResult(task.taskId())) {
      run.board.late(task.taskId(), result.leaseId(), result.agentId()).ifPresent(this::ended);
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
    if (run != accepted.run()) {
      return;
    }
    List<AttemptEnd> ends = run.board.complete(accepted.task().taskId(), result.leaseId(), result.agentId());
    if (!ends.isEmpty()) {
      emit(new RunEvent.ResultStored(accepted.task(), accepted.latency()));
      ends.forEach(this::ended);
    }
  }

  /** The agent could not measure its task; answers whether the failure was taken and the task's new state. */
  public Ack failure(TaskFailure failure) {
    fleet.seen(failure.agentId(), -1, null);
    if (run == null) {
      return new Ack(false, "no run in progress");
    }
    return run.board.fail(failure.leaseId(), failure.reason(), failure.retryable()).map(end -> {
      ended(end);
      return new Ack(true, end.taskState().name());
    }).orElseGet(() -> new Ack(false, "lease " + failure.leaseId() + " is not held"));
  }

  /** The agent hands its task back unmeasured (it is stopping). */
  public Ack release(TaskRelease release) {
    if (run == null) {
      return new Ack(false, "no run in progress");
    }
    return run.board.release(release.leaseId(), release.reason()).map(end -> {
      ended(end);
      return new Ack(true, "queued again");
    }).orElseGet(() -> new Ack(false, "lease " + release.leaseId() + " is not held"));
  }

  // ---- liveness

  /**
   * Expires leases not renewed in time, and fails the queued tasks of every tier whose agents have all been silent
   * for agent-lost-after (a tier that never had an agent waits for its first). Call it often: a quarter of the
   * lease timeout is plenty.
   */
  public void tick() {
    if (run == null) {
      return;
    }
    for (AttemptEnd expired : run.board.expire()) {
      // What the agent was doing is no longer its task: status and the live page must not show it there.
      fleet.dropTask(expired.agentId(), expired.taskId());
      ended(expired);
    }
    Instant now = clock.instant();
    for (String tier : run.plan().sweep().tiers()) {
      Instant heard = fleet.lastHeard(tier).orElse(null);
      if (heard == null || !run.board.hasQueued(tier) || !heard.plus(settings.agentLostAfter()).isBefore(now)) {
        continue;
      }
      String reason = String.format(Locale.ROOT, "agent lost: no agent of tier %s heard from for %.0f s", tier,
          Duration.between(heard, now).toMillis() / 1000.0);
      List<PlannedTask> failed = run.board.abandon(tier, reason).stream()
          .map(id -> run.task(id).orElseThrow()).toList();
      emit(new RunEvent.TasksFailed(failed, reason, now));
    }
  }

  // ---- where it stands

  /** The run's progress, or empty when no run is in progress. */
  public Optional<RunProgress> runProgress() {
    if (run == null) {
      return Optional.empty();
    }
    Map<TaskState, Integer> totals = run.totals();
    return Optional.of(new RunProgress(run.runId(), run.size(), totals.get(TaskState.DONE),
        totals.get(TaskState.FAILED), totals.get(TaskState.LEASED), totals.get(TaskState.QUEUED), fleet.all().size(),
        lastEvent));
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
    double progress = 0;
    if (run != null) {
      run.counts().forEach((tier, counts) -> {
        for (TaskState state : TaskState.values()) {
          tasks.put(List.of(tier, state.name().toLowerCase(Locale.ROOT)), (long) counts.getOrDefault(state, 0));
        }
      });
      Map<TaskState, Integer> totals = run.totals();
      progress = run.size() == 0 ? 1 : (totals.get(TaskState.DONE) + totals.get(TaskState.FAILED)) / (double) run.size();
    }
    return new CoordinatorMetrics.Snapshot(agents, run == null ? null : run.runId(), tasks, progress, figures);
  }

  private void ended(AttemptEnd end) {
    emit(new RunEvent.AttemptEnded(end, run.task(end.taskId()).orElseThrow()));
  }

  private void emit(RunEvent event) {
    String description = event.describe();
    if (description != null) {
      lastEvent = description;
    }
    events.accept(event);
  }
}
