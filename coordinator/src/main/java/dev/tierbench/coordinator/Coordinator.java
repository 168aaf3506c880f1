package dev.tierbench.coordinator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.common.protocol.Ack;
import dev.tierbench.common.protocol.Addresses;
import dev.tierbench.common.protocol.FailureCodes;
import dev.tierbench.common.protocol.Heartbeat;
import dev.tierbench.common.protocol.HeartbeatAck;
import dev.tierbench.common.protocol.LeaseRequest;
import dev.tierbench.common.protocol.Leave;
import dev.tierbench.common.protocol.NoWork;
import dev.tierbench.common.protocol.Progress;
import dev.tierbench.common.protocol.Protocol;
import dev.tierbench.common.protocol.ProtocolMismatch;
import dev.tierbench.common.protocol.Register;
import dev.tierbench.common.protocol.Registered;
import dev.tierbench.common.protocol.TaskAssignment;
import dev.tierbench.common.protocol.TaskFailure;
import dev.tierbench.common.protocol.TaskRelease;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.protocol.TaskSpec;
import dev.tierbench.common.protocol.Telemetry;
import dev.tierbench.common.stats.LatencySummary;
import dev.tierbench.common.metrics.Monitoring;
import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.coordinator.fleet.AgentRecord;
import dev.tierbench.coordinator.fleet.Fleet;
import dev.tierbench.coordinator.metrics.CoordinatorMetrics;
import dev.tierbench.coordinator.metrics.TargetsFile;
import dev.tierbench.coordinator.http.CoordinatorHttp;
import dev.tierbench.coordinator.lease.AttemptEnd;
import dev.tierbench.coordinator.lease.Lease;
import dev.tierbench.coordinator.lease.TaskBoard;
import dev.tierbench.coordinator.lease.TaskState;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PlannedTask;
import dev.tierbench.coordinator.report.AnalysisSettings;
import dev.tierbench.coordinator.report.ReportDocument;
import dev.tierbench.coordinator.report.ReportFiles;
import dev.tierbench.coordinator.report.ReportWriter;
import dev.tierbench.coordinator.report.Summaries;
import dev.tierbench.coordinator.report.TrialSummary;
import dev.tierbench.coordinator.store.ResultStore;
import dev.tierbench.coordinator.store.RunFolders;
import dev.tierbench.coordinator.store.StoredRun;
import dev.tierbench.coordinator.store.TaskRow;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * The coordinator: registers agents, leases tasks of the current run to them, expires silent leases,
 * stores results as they arrive and finishes the run when every task is done or failed. All state lives
 * on this verticle's event loop; SQLite work runs on an ordered worker so the loop never blocks.
 */
public final class Coordinator extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  private final CoordinatorSettings settings;
  private final Clock clock;
  private final Fleet fleet;
  private final Map<String, Path> models = new ConcurrentHashMap<>();
  private final Map<String, Path> datasets = new ConcurrentHashMap<>();
  private final WaitingRequests waiting = new WaitingRequests();
  private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
  private final Monitoring monitoring;
  private final CoordinatorMetrics metrics;

  private CoordinatorHttp http;
  private ActiveRun run;
  private String lastEvent = "";

  public Coordinator(CoordinatorSettings settings, Clock clock) {
    this(settings, clock, Monitoring.create());
  }

  /** @param monitoring the registry its metrics go to and /metrics serves */
  public Coordinator(CoordinatorSettings settings, Clock clock, Monitoring monitoring) {
    this.settings = settings;
    this.clock = clock;
    this.fleet = new Fleet(clock);
    this.monitoring = monitoring;
    this.metrics = new CoordinatorMetrics(monitoring.registry(), settings.fleetMetrics());
  }

  @Override
  public Future<?> start() {
    return refuseASecondCoordinator().compose(v -> listen());
  }

  /**
   * Two coordinators in one cluster would share the agents' messages round-robin and each see half a run:
   * ask whether anyone answers on the coordinator's address first.
   */
  private Future<Void> refuseASecondCoordinator() {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(PROBE_TIMEOUT.toMillis());
    return vertx.eventBus().request(Addresses.REGISTER, "is another coordinator here?", options)
        .transform(answer -> {
          if (answer.failed() && answer.cause() instanceof ReplyException re) {
            if (re.failureType() == ReplyFailure.NO_HANDLERS) {
              return Future.succeededFuture();
            }
            if (re.failureType() == ReplyFailure.TIMEOUT) {
              LOG.warn("something listens on the coordinator address but did not answer; starting anyway");
              return Future.succeededFuture();
            }
          }
          return Future.failedFuture(new IllegalStateException("another tierbench coordinator is already in this"
              + " cluster: stop it, or give this one its own --cluster-name"));
        });
  }

  private Future<Integer> listen() {
    consume(Addresses.REGISTER, Register.class, this::onRegister);
    consume(Addresses.HEARTBEAT, Heartbeat.class, this::onHeartbeat);
    consume(Addresses.LEASE, LeaseRequest.class, this::onLeaseRequest);
    consume(Addresses.PROGRESS, Progress.class, this::onProgress);
    consume(Addresses.RESULT, TaskResult.class, this::onResult);
    consume(Addresses.FAILURE, TaskFailure.class, this::onFailure);
    consume(Addresses.RELEASE, TaskRelease.class, this::onRelease);
    consume(Addresses.LEAVE, Leave.class, this::onLeave);
    consume(Addresses.TELEMETRY, Telemetry.class, m -> fleet.telemetry(m.body().agentId(), m.body().taskId(),
        m.body().values()));
    long tick = Math.max(20, Math.min(250, settings.leaseTimeout().toMillis() / 4));
    vertx.setPeriodic(tick, id -> expireLeases());
    http = new CoordinatorHttp(vertx, models::get, datasets::get, this::status, settings.runsDir(), id -> {
      ActiveRun current = run;
      return current != null && current.runId.equals(id) ? current.folder : null;
    }, monitoring, () -> metrics.update(metricsSnapshot()));
    return http.listen(settings.httpPort()).onSuccess(port -> LOG.info("coordinator {} serving models, the API and"
        + " the live page on http://{}:{}/", settings.coordinatorId(), settings.advertisedHost(), port));
  }

  /** Where this coordinator's metrics go (in-process agents report theirs there too). */
  public Monitoring monitoring() {
    return monitoring;
  }

  /** The port the HTTP server listens on (models, status API). */
  public int httpPort() {
    return http.port();
  }

  public String modelsUrl() {
    return "http://" + settings.advertisedHost() + ":" + http.port() + "/models";
  }

  public void addListener(RunListener listener) {
    listeners.add(listener);
  }

  /**
   * Runs {@code plan} into {@code folder}: tasks that already have a result there are not measured again.
   * The future completes when every task is done or failed, after the report files are written.
   */
  public Future<RunOutcome> submit(String runId, Plan plan, Path folder) {
    Promise<RunOutcome> finished = Promise.promise();
    context.runOnContext(v -> {
      if (run != null) {
        finished.fail(new IllegalStateException("run " + run.runId + " is still in progress"));
        return;
      }
      plan.models().forEach(m -> models.put(m.sha256(), m.path()));
      plan.evaluations().values().forEach(e -> datasets.put(e.ref().sha256(), e.path()));
      fleet.clearRoundTrips();
      vertx.executeBlocking(() -> {
        java.nio.file.Files.createDirectories(folder);
        ResultStore store = ResultStore.open(folder.resolve(RunFolders.DATABASE));
        store.savePlan(runId, plan, clock.instant());
        fleet.all().forEach(a -> store.saveAgent(a.info(), a.registeredAt()));
        return new Object[] {store, store.completedTaskIds()};
      }, true).onFailure(finished::fail).onSuccess(opened -> {
        ResultStore store = (ResultStore) opened[0];
        @SuppressWarnings("unchecked")
        java.util.Set<String> completed = (java.util.Set<String>) opened[1];
        TaskBoard board = new TaskBoard(clock, settings.leaseTimeout(), settings.maxAttempts());
        List<PlannedTask> unusable = new java.util.ArrayList<>();
        for (PlannedTask task : plan.tasks()) {
          if (completed.contains(task.taskId())) {
            board.addDone(task);
          } else if (!plan.check(task).ok()) {
            board.addFailed(task, plan.check(task).problem());
            unusable.add(task);
          } else {
            board.add(task);
          }
        }
        if (!unusable.isEmpty()) {
          plan.checks().values().stream().filter(c -> !c.ok()).forEach(c -> LOG.warn("{}; its tasks fail", c.problem()));
          vertx.executeBlocking(() -> {
            unusable.forEach(t -> store.markFailed(t.taskId(), plan.check(t).problem(), clock.instant()));
            return null;
          }, true);
        }
        int resumed = (int) plan.tasks().stream().filter(t -> completed.contains(t.taskId())).count();
        run = new ActiveRun(runId, plan, folder, store, board, finished, resumed);
        metrics.runStarted(plan.sweep().tiers());
        LOG.info("run {}: {} trials, {} tasks ({} already measured) into {}", runId, plan.trials().size(),
            plan.tasks().size(), resumed, folder);
        event(resumed > 0 ? "resumed: " + resumed + " task(s) already measured" : "run started");
        dispatch();
        finishIfDone();
      });
    });
    return finished.future();
  }

  // ---- handlers

  private <T> void consume(String address, Class<T> type, Consumer<Message<T>> handler) {
    vertx.eventBus().<Object>consumer(address, message -> {
      Object body = message.body();
      if (body instanceof ProtocolMismatch mismatch) {
        LOG.warn("refused a message on {}: {}", address, mismatch.describe());
        message.fail(FailureCodes.PROTOCOL_MISMATCH, mismatch.describe());
      } else if (!type.isInstance(body)) {
        message.fail(FailureCodes.BAD_REQUEST, address + " takes " + type.getSimpleName() + ", got "
            + (body == null ? "nothing" : body.getClass().getSimpleName()));
      } else {
        @SuppressWarnings("unchecked")
        Message<T> typed = (Message<T>) (Message<?>) message;
        handler.accept(typed);
      }
    });
  }

  private void onRegister(Message<Register> message) {
    Register register = message.body();
    if (register.protocolVersion() != Protocol.VERSION) {
      message.fail(FailureCodes.PROTOCOL_MISMATCH,
          new ProtocolMismatch(register.protocolVersion(), Protocol.VERSION).describe());
      return;
    }
    var info = register.agent();
    boolean isNew = fleet.register(info);
    LOG.info("agent {} {} (tier {}, host {}, {} cores, {})", info.agentId(), isNew ? "joined" : "registered again",
        info.tier(), info.hostname(), info.cores(), info.describeEngines());
    if (run != null) {
      ResultStore store = run.store;
      vertx.executeBlocking(() -> {
        store.saveAgent(info, clock.instant());
        return null;
      }, true);
    }
    message.reply(new Registered(settings.coordinatorId(), modelsUrl(), settings.heartbeatInterval(),
        settings.leaseTimeout(), settings.leasePoll()));
    event("agent " + info.agentId() + " joined");
    writeTargets();
  }

  private void onHeartbeat(Message<Heartbeat> message) {
    Heartbeat beat = message.body();
    String taskId = beat.leaseId() == null || run == null ? null
        : run.board.lease(beat.leaseId()).map(l -> l.task().taskId()).orElse(null);
    if (!fleet.seen(beat.agentId(), beat.lastRoundTripMicros(), taskId)) {
      message.reply(new HeartbeatAck(false, false));
      return;
    }
    boolean leaseValid = beat.leaseId() == null || (run != null && run.board.renew(beat.leaseId()));
    message.reply(new HeartbeatAck(true, leaseValid));
  }

  private void onLeaseRequest(Message<LeaseRequest> message) {
    String agentId = message.body().agentId();
    if (!fleet.seen(agentId, -1, null)) {
      message.fail(FailureCodes.UNKNOWN_AGENT, "agent " + agentId + " is not registered with this coordinator");
      return;
    }
    String tier = fleet.get(agentId).orElseThrow().info().tier();
    if (!tryLease(agentId, tier, message)) {
      park(tier, message);
    }
  }

  private void onProgress(Message<Progress> message) {
    Progress progress = message.body();
    fleet.seen(progress.agentId(), -1, progress.taskId());
    if (run != null) {
      run.board.renew(progress.leaseId());
    }
  }

  private void onResult(Message<TaskResult> message) {
    TaskResult result = message.body();
    fleet.seen(result.agentId(), -1, null);
    ActiveRun current = run;
    PlannedTask task = current == null ? null : current.tasks.get(result.taskId());
    if (task == null) {
      message.reply(new Ack(false, "task " + result.taskId() + " is not part of the current run"));
      return;
    }
    if (!current.board.awaitsResult(task.taskId())) {
      LOG.info("dropped a duplicate result for task {} from agent {}", task.taskId(), result.agentId());
      message.reply(new Ack(false, "duplicate: task " + task.taskId() + " already has a result"));
      return;
    }
    String mismatch = mismatch(task, result);
    if (mismatch != null) {
      LOG.warn("refused result for task {} from agent {}: {}", task.taskId(), result.agentId(), mismatch);
      message.reply(new Ack(false, mismatch));
      return;
    }
    LatencySummary summary;
    try {
      summary = LatencySummary.of(result.measurement().latency().decode());
    } catch (IllegalArgumentException e) {
      message.fail(FailureCodes.BAD_REQUEST, "result for task " + task.taskId() + ": " + e.getMessage());
      return;
    }
    int attempt = current.board.lease(result.leaseId()).map(Lease::attempt)
        .orElse(current.board.attempts(task.taskId()));
    vertx.executeBlocking(() -> current.store.saveResult(result, attempt, summary, clock.instant()), true)
        .onFailure(e -> {
          LOG.error("cannot store result of task {}: {}", task.taskId(), e.getMessage());
          message.fail(FailureCodes.UNAVAILABLE, "the coordinator cannot store the result now: " + e.getMessage());
        })
        .onSuccess(inserted -> {
          if (!inserted) {
            message.reply(new Ack(false, "duplicate: task " + task.taskId() + " already has a result"));
            return;
          }
          List<AttemptEnd> ends = current.board.complete(task.taskId(), result.leaseId(), result.agentId());
          ends.stream().filter(e -> e.outcome() != AttemptEnd.Outcome.DONE).forEach(this::record);
          ends.stream().filter(e -> e.outcome() == AttemptEnd.Outcome.DONE).forEach(this::recordAttemptOnly);
          message.reply(new Ack(true, "stored"));
          metrics.resultReceived(task.tier());
          event(task.trial().model().name() + " batch " + task.trial().params().batch() + " on " + task.tier()
              + ": p50 " + String.format("%.3f", summary.p50() / 1e6) + " ms");
          finishIfDone();
        });
  }

  /** Why a result cannot belong to its task, or null if it can. */
  private static String mismatch(PlannedTask task, TaskResult result) {
    if (!task.tier().equals(result.tier())) {
      return "result comes from tier " + result.tier() + " but task " + task.taskId() + " is for tier " + task.tier();
    }
    if (!task.trial().model().sha256().equals(result.modelSha256())) {
      return "result measured model " + result.modelSha256() + " but task " + task.taskId() + " is for "
          + task.trial().model().sha256();
    }
    return null;
  }

  private void onFailure(Message<TaskFailure> message) {
    TaskFailure failure = message.body();
    fleet.seen(failure.agentId(), -1, null);
    if (run == null) {
      message.reply(new Ack(false, "no run in progress"));
      return;
    }
    run.board.fail(failure.leaseId(), failure.reason(), failure.retryable()).ifPresentOrElse(end -> {
      record(end);
      message.reply(new Ack(true, end.taskState().name()));
    }, () -> message.reply(new Ack(false, "lease " + failure.leaseId() + " is not held")));
    dispatch();
    finishIfDone();
  }

  private void onRelease(Message<TaskRelease> message) {
    TaskRelease release = message.body();
    if (run == null) {
      message.reply(new Ack(false, "no run in progress"));
      return;
    }
    run.board.release(release.leaseId(), release.reason()).ifPresentOrElse(end -> {
      record(end);
      message.reply(new Ack(true, "queued again"));
    }, () -> message.reply(new Ack(false, "lease " + release.leaseId() + " is not held")));
    dispatch();
  }

  private void onLeave(Message<Leave> message) {
    String agentId = message.body().agentId();
    if (run != null) {
      run.board.agentLeft(agentId).forEach(this::record);
    }
    waiting.removeAgent(agentId);
    fleet.remove(agentId);
    LOG.info("agent {} left: {}", agentId, message.body().reason());
    message.reply(new Ack(true, "bye"));
    writeTargets();
    event("agent " + agentId + " left");
    dispatch();
    finishIfDone();
  }

  // ---- leasing

  private boolean tryLease(String agentId, String tier, Message<?> request) {
    if (run == null) {
      return false;
    }
    Optional<AgentInfo> agent = fleet.get(agentId).map(a -> a.info());
    return run.board.take(agentId, tier, task -> agent.map(a -> a.runs(task.trial().params())).orElse(false))
        .map(lease -> {
      PlannedTask task = lease.task();
      request.reply(new TaskAssignment(lease.leaseId(), new TaskSpec(task.taskId(), run.runId, task.trial().id(),
          task.tier(), task.repetition(), lease.attempt(), task.trial().model(), task.trial().params(),
          task.trial().measure(), run.plan.family(task.trial()), run.plan.evaluation(task.trial()))));
      fleet.seen(agentId, -1, task.taskId());
      event(null);
      return true;
    }).orElse(false);
  }

  private void park(String tier, Message<LeaseRequest> message) {
    waiting.add(tier, message);
    vertx.setTimer(Math.max(1, settings.leasePoll().toMillis()), id -> {
      if (waiting.remove(tier, message)) {
        message.reply(new NoWork(run == null ? "no run in progress" : "no queued task for tier " + tier));
      }
    });
  }

  /** Hands queued tasks to waiting requests of live agents. */
  private void dispatch() {
    if (run == null) {
      return;
    }
    for (String tier : waiting.tiers()) {
      while (run.board.hasQueued(tier)) {
        Message<LeaseRequest> request = waiting.poll(tier);
        if (request == null) {
          break;
        }
        String agentId = request.body().agentId();
        if (fleet.alive(agentId, settings.leaseTimeout())) {
          tryLease(agentId, tier, request);
        }
      }
    }
  }

  private void expireLeases() {
    if (run == null) {
      return;
    }
    List<AttemptEnd> expired = run.board.expire();
    if (!expired.isEmpty()) {
      expired.forEach(this::record);
      dispatch();
    }
    abandonSilentTiers();
    finishIfDone();
  }

  /** Fails the queued tasks of every tier whose agents have all been silent for agent-lost-after. */
  private void abandonSilentTiers() {
    Instant now = clock.instant();
    for (String tier : run.plan.sweep().tiers()) {
      Instant heard = fleet.lastHeard(tier).orElse(null);
      if (heard == null || !run.board.hasQueued(tier) || !heard.plus(settings.agentLostAfter()).isBefore(now)) {
        continue;
      }
      String reason = String.format(java.util.Locale.ROOT, "agent lost: no agent of tier %s heard from for %.0f s",
          tier, Duration.between(heard, now).toMillis() / 1000.0);
      List<String> failed = run.board.abandon(tier, reason);
      LOG.warn("{}; {} queued task(s) of the tier fail", reason, failed.size());
      event(tier + ": " + reason);
      ResultStore store = run.store;
      vertx.executeBlocking(() -> {
        failed.forEach(id -> store.markFailed(id, reason, now));
        return null;
      }, true);
    }
  }

  /** Logs and stores how an attempt ended (and so the task's new state). */
  private void record(AttemptEnd end) {
    String what = end.taskState() == TaskState.QUEUED ? "queued again"
        : end.taskState() == TaskState.FAILED ? "task failed" : end.taskState().name().toLowerCase();
    if (end.outcome() == AttemptEnd.Outcome.RELEASED) {
      LOG.info("task {} attempt {} handed back by agent {} ({}): {}", end.taskId(), end.attempt(), end.agentId(),
          end.reason(), what);
    } else {
      LOG.warn("task {} attempt {} on agent {} {}: {}; {}", end.taskId(), end.attempt(), end.agentId(),
          end.outcome().name().toLowerCase(), end.reason(), what);
    }
    event(end.taskId() + ": " + end.outcome().name().toLowerCase() + " (" + end.reason() + ")");
    count(end);
    recordAttemptOnly(end);
  }

  private void count(AttemptEnd end) {
    PlannedTask task = run.tasks.get(end.taskId());
    if (task == null) {
      return;
    }
    if (end.outcome() == AttemptEnd.Outcome.EXPIRED) {
      metrics.leaseExpired(task.tier());
    }
    if (end.taskState() == TaskState.QUEUED) {
      metrics.requeued(task.tier());
    } else if (end.taskState() == TaskState.FAILED) {
      metrics.taskFailed(task.tier());
    }
  }

  private void recordAttemptOnly(AttemptEnd end) {
    ResultStore store = run.store;
    vertx.executeBlocking(() -> {
      store.saveAttempt(end);
      return null;
    }, true).onFailure(e -> LOG.error("cannot record attempt of task {}: {}", end.taskId(), e.getMessage()));
  }

  private void finishIfDone() {
    if (run == null || run.finishing || !run.board.finished()) {
      return;
    }
    ActiveRun done = run;
    done.finishing = true;
    Map<String, org.HdrHistogram.Histogram> roundTrips = fleet.roundTrips();
    vertx.executeBlocking(() -> {
      roundTrips.forEach(done.store::saveRoundTrips);
      StoredRun stored = done.store.load();
      List<TrialSummary> summaries = Summaries.of(stored);
      ReportFiles.write(done.folder, stored, summaries);
      done.store.close();
      List<TaskRow> failures = stored.tasks().stream().filter(t -> t.state().equals(TaskState.FAILED.name())
          && done.tasks.containsKey(t.taskId())).toList();
      return new RunOutcome(done.runId, done.folder, summaries, failures, done.resumed, report(done, stored));
    }, true).onComplete(outcome -> {
      run = null;
      event("run " + done.runId + " finished");
      if (outcome.succeeded()) {
        LOG.info("run {} finished: results in {}", done.runId, done.folder);
        done.finished.complete(outcome.result());
      } else {
        done.finished.fail(outcome.cause());
      }
    });
  }

  /**
   * Writes the run's report; a report that cannot be made (say, a recommendation naming a tier the run does not
   * have) is logged and leaves every stored result and results file in place.
   */
  private static Path report(ActiveRun done, StoredRun stored) {
    try {
      AnalysisSettings analysis = AnalysisSettings.defaults(done.plan.sweep().analysis());
      return ReportWriter.write(done.folder, ReportDocument.build(stored, analysis));
    } catch (RuntimeException | java.io.IOException e) {
      LOG.warn("run {}: no report ({}); the results are stored, and `tierbench report {}` tries again",
          done.runId, e.getMessage(), done.folder);
      return null;
    }
  }

  // ---- progress and status

  private void event(String description) {
    if (description != null) {
      lastEvent = description;
    }
    RunProgress progress = progress();
    if (progress != null) {
      listeners.forEach(l -> l.changed(progress));
    }
  }

  private RunProgress progress() {
    ActiveRun current = run;
    if (current == null) {
      return null;
    }
    Map<TaskState, Integer> totals = current.board.totals();
    return new RunProgress(current.runId, current.board.size(), totals.get(TaskState.DONE),
        totals.get(TaskState.FAILED), totals.get(TaskState.LEASED), totals.get(TaskState.QUEUED),
        fleet.all().size(), lastEvent);
  }

  /** Keeps Prometheus's list of agent targets current, when asked to. */
  private void writeTargets() {
    Path file = settings.prometheusTargets();
    if (file == null) {
      return;
    }
    List<AgentInfo> agents = fleet.all().stream().map(AgentRecord::info).toList();
    vertx.executeBlocking(() -> {
      TargetsFile.write(file, agents);
      return null;
    }, true).onFailure(e -> LOG.warn("cannot write the Prometheus targets file {}: {}", file, e.getMessage()));
  }

  /** What the gauges show at a scrape; on the event loop like every other read of the state. */
  private CoordinatorMetrics.Snapshot metricsSnapshot() {
    Map<List<String>, Long> agents = new java.util.TreeMap<>(java.util.Comparator.comparing(List::toString));
    Map<String, CoordinatorMetrics.AgentFigures> figures = new java.util.TreeMap<>();
    for (AgentRecord agent : fleet.all()) {
      agents.merge(List.of(agent.info().tier(), StatusDocument.state(fleet, agent, settings)), 1L, Long::sum);
      figures.put(agent.info().agentId(), new CoordinatorMetrics.AgentFigures(agent.info().tier(), agent.system()));
    }
    ActiveRun current = run;
    Map<List<String>, Long> tasks = new java.util.LinkedHashMap<>();
    double progress = 0;
    if (current != null) {
      current.board.counts().forEach((tier, counts) -> {
        for (TaskState state : TaskState.values()) {
          tasks.put(List.of(tier, state.name().toLowerCase(java.util.Locale.ROOT)),
              (long) counts.getOrDefault(state, 0));
        }
      });
      Map<TaskState, Integer> totals = current.board.totals();
      progress = current.board.size() == 0 ? 1
          : (totals.get(TaskState.DONE) + totals.get(TaskState.FAILED)) / (double) current.board.size();
    }
    return new CoordinatorMetrics.Snapshot(agents, current == null ? null : current.runId, tasks, progress, figures);
  }

  /** A snapshot for the status API: agents, queues per tier, run progress. */
  JsonObject status() {
    return StatusDocument.of(settings, fleet, clock, run, progress());
  }
}
