package dev.tierbench.coordinator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.common.metrics.Monitoring;
import dev.tierbench.common.protocol.Ack;
import dev.tierbench.common.protocol.Addresses;
import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.FailureCodes;
import dev.tierbench.common.protocol.Frame;
import dev.tierbench.common.protocol.Heartbeat;
import dev.tierbench.common.protocol.LeaseRequest;
import dev.tierbench.common.protocol.Leave;
import dev.tierbench.common.protocol.NoWork;
import dev.tierbench.common.protocol.Progress;
import dev.tierbench.common.protocol.Protocol;
import dev.tierbench.common.protocol.ProtocolMismatch;
import dev.tierbench.common.protocol.Register;
import dev.tierbench.common.protocol.Registered;
import dev.tierbench.common.protocol.TaskFailure;
import dev.tierbench.common.protocol.TaskRelease;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.protocol.Telemetry;
import dev.tierbench.coordinator.fleet.AgentRecord;
import dev.tierbench.coordinator.link.AgentLinks;
import dev.tierbench.coordinator.fleet.SingleCoordinator;
import dev.tierbench.coordinator.lease.Resumption;
import dev.tierbench.coordinator.http.CoordinatorHttp;
import dev.tierbench.coordinator.upload.BlobStore;
import dev.tierbench.coordinator.metrics.CoordinatorMetrics;
import dev.tierbench.coordinator.metrics.TargetsFile;
import dev.tierbench.coordinator.plan.Plan;
import dev.tierbench.coordinator.plan.PlanPreview;
import dev.tierbench.coordinator.queue.RunService;
import dev.tierbench.coordinator.run.ResultVerdict;
import dev.tierbench.coordinator.run.RunCore;
import dev.tierbench.coordinator.run.RunEvent;
import dev.tierbench.coordinator.run.RunListener;
import dev.tierbench.coordinator.run.RunOutcome;
import dev.tierbench.coordinator.run.RunRecorder;
import dev.tierbench.coordinator.run.RunState;
import dev.tierbench.coordinator.store.RunWriter;
import dev.tierbench.coordinator.store.GroupCommit;
import dev.tierbench.coordinator.store.RunFolders;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The coordinator on the Vert.x event bus: carries agents' messages to the {@link RunCore} and its answers back,
 * holds requests for work until there is some, and does the core's SQLite and file work on an ordered worker, so
 * the event loop that owns the core never blocks. It also serves models, the API and the live page over HTTP.
 */
public final class Coordinator extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
  /** How soon a revoked agent's link is closed. */
  private static final Duration REVOCATION_CHECK = Duration.ofSeconds(1);
  /** The files submitted sweeps bring, by sha256, in this folder of the runs folder. */
  public static final String BLOBS = ".blobs";

  private final CoordinatorSettings settings;
  private final Clock clock;
  private final Monitoring monitoring;
  private final CoordinatorMetrics metrics;
  private final RunRecorder recorder;
  private final RunCore core;
  private final Map<String, Path> models = new ConcurrentHashMap<>();
  private final Map<String, Path> datasets = new ConcurrentHashMap<>();
  private final WaitingRequests waiting = new WaitingRequests();
  private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
  private final GroupCommit writes = new GroupCommit("tierbench-store");

  private CoordinatorHttp http;
  /** Whether people may submit runs here (a queue is served), for the live page to offer its form or not. */
  private volatile boolean queued;
  /** What submitted sweeps bring: their files, by sha256. */
  private final BlobStore blobs;
  /** The runs in progress, each from its start until its database is closed. */
  private final Map<String, ActiveRun> active = new java.util.HashMap<>();
  /** Runs submitted whose database is still being opened: {@link #open()} waits until there are none. */
  private int starting;
  private boolean openWhenStarted;

  /** A run in progress: its database, and who waits for its end. */
  private record ActiveRun(RunWriter store, Promise<RunOutcome> finished) {}

  public Coordinator(CoordinatorSettings settings, Clock clock) {
    this(settings, clock, Monitoring.create());
  }

  /** @param monitoring the registry its metrics go to and /metrics serves */
  public Coordinator(CoordinatorSettings settings, Clock clock, Monitoring monitoring) {
    this.settings = settings;
    this.clock = clock;
    this.monitoring = monitoring;
    this.metrics = new CoordinatorMetrics(monitoring.registry(), settings.fleetMetrics());
    // The recorder's writes (leases, attempts, agents) go into the groups results commit in.
    this.recorder = new RunRecorder(metrics, (store, write) -> written(store, () -> {
      write.run();
      return null;
    }));
    this.core = new RunCore(settings, clock, this::happened);
    this.blobs = new BlobStore(settings.runsDir().resolve(BLOBS), settings.maxUpload());
  }

  public BlobStore blobs() {
    return blobs;
  }

  /**
   * Takes runs submitted over HTTP into {@code service}'s queue, refusing those whose plan {@code limits} says is
   * too big for this coordinator.
   */
  public Future<Void> serveQueue(RunService service, Function<PlanPreview, Optional<String>> limits) {
    Promise<Void> served = Promise.promise();
    context.runOnContext(v -> {
      http.queue(service, limits);
      queued = true;
      served.complete();
    });
    return served.future();
  }

  @Override
  public Future<?> start() {
    return SingleCoordinator.refuseASecond(vertx.eventBus(), PROBE_TIMEOUT).compose(v -> listen());
  }

  private Future<Integer> listen() {
    consume(Addresses.REGISTER, Register.class, this::onRegister);
    consume(Addresses.HEARTBEAT, Heartbeat.class, m -> m.reply(core.heartbeat(m.body())));
    consume(Addresses.LEASE, LeaseRequest.class, this::onLeaseRequest);
    consume(Addresses.PROGRESS, Progress.class, m -> core.progress(m.body()));
    consume(Addresses.RESULT, TaskResult.class, this::onResult);
    consume(Addresses.FAILURE, TaskFailure.class, m -> answer(m, core.failure(m.body())));
    consume(Addresses.RELEASE, TaskRelease.class, m -> answer(m, core.release(m.body())));
    consume(Addresses.LEAVE, Leave.class, this::onLeave);
    consume(Addresses.TELEMETRY, Telemetry.class, m -> core.telemetry(m.body()));
    long tick = Math.max(20, Math.min(250, settings.leaseTimeout().toMillis() / 4));
    vertx.setPeriodic(tick, id -> {
      core.tick();
      dispatch();
      finishDone();
    });
    http = new CoordinatorHttp(vertx, models::get, datasets::get, this::status, settings.runsDir(),
        settings.apiDeadline(), id -> core.run(id).map(RunState::folder).orElse(null),
        monitoring, () -> metrics.update(core.metricsSnapshot()), settings.access(), settings.tls(), blobs);
    // Agents that dial out reach the same handlers as clustered ones, through the local event bus.
    AgentLinks links = new AgentLinks(vertx, name -> settings.access().agents().holds(name), REVOCATION_CHECK);
    http.agentLink(Frame.LINK_PATH, (caller, socket) -> links.accept(caller.name(), socket));
    return http.listen(settings.bindHost(), settings.httpPort()).onSuccess(port -> LOG.info("coordinator {} serving"
        + " agent links, models, the API and the live page on {}://{}:{}/", settings.coordinatorId(), http.scheme(),
        settings.advertisedHost(), port));
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
    return http.scheme() + "://" + settings.advertisedHost() + ":" + http.port() + "/models";
  }

  public void addListener(RunListener listener) {
    listeners.add(listener);
  }

  /**
   * Runs {@code plan} into {@code folder} beside the runs in progress, sharing their agents by {@code priority}: tasks
   * that already have a result there are not measured again. The future completes when every task is done or failed
   * (or the run was cancelled) and the run's database is closed. Agents' claims are settled and results taken once
   * the runs submitted have started (after {@link #open()} if {@link #holdUntilOpen()} was asked).
   */
  public Future<RunOutcome> submit(String runId, Plan plan, Path folder, int priority) {
    Promise<RunOutcome> outcome = Promise.promise();
    context.runOnContext(v -> {
      if (active.containsKey(runId)) {
        outcome.fail(new IllegalStateException("run " + runId + " is still in progress"));
        return;
      }
      active.put(runId, new ActiveRun(null, outcome));
      starting++;
      plan.models().forEach(m -> models.put(m.sha256(), m.path()));
      plan.evaluations().values().forEach(e -> datasets.put(e.ref().sha256(), e.path()));
      List<AgentRecord> agents = core.agents();
      blocking(() -> {
        Files.createDirectories(folder);
        RunWriter store = RunWriter.open(folder.resolve(RunFolders.DATABASE));
        store.savePlan(runId, plan, clock.instant());
        agents.forEach(a -> store.saveAgent(a.info(), a.registeredAt()));
        return new OpenedStore(store, store.resumption());
      }).onComplete(opened -> {
        starting--;
        if (opened.failed()) {
          active.remove(runId);
          outcome.fail(opened.cause());
        } else {
          active.put(runId, new ActiveRun(opened.result().store(), outcome));
          recorder.recordInto(runId, opened.result().store());
          core.start(runId, plan, folder, opened.result().resumption(), priority);
        }
        openIfReady();
        dispatch();
        finishDone();
      });
    });
    return outcome.future();
  }

  /** {@link #submit(String, Plan, Path, int)} with priority 1: the one run of a single user. */
  public Future<RunOutcome> submit(String runId, Plan plan, Path folder) {
    return submit(runId, plan, folder, 1);
  }

  /**
   * Several runs are about to be resumed: agents' claims and results wait until {@link #open()}, so that none is
   * refused for a run that has not started yet.
   */
  public void holdUntilOpen() {
    context.runOnContext(v -> core.hold());
  }

  /** The runs to resume have been submitted: once they have started, agents' claims and results are settled. */
  public void open() {
    context.runOnContext(v -> {
      openWhenStarted = true;
      openIfReady();
    });
  }

  private void openIfReady() {
    if (openWhenStarted && starting == 0) {
      core.open();
    }
  }

  /**
   * Cancels a run in progress: its agents' leases are revoked (they stop at their next heartbeat), its queued tasks
   * fail with {@code reason}, what it measured is kept, and its {@link #submit} future completes.
   *
   * @return false if no such run is in progress
   */
  public Future<Boolean> cancel(String runId, String reason) {
    Promise<Boolean> cancelled = Promise.promise();
    context.runOnContext(v -> {
      boolean known = core.cancel(runId, reason);
      cancelled.complete(known);
      dispatch();
      finishDone();
    });
    return cancelled.future();
  }

  /** A run's database, open, and where an earlier coordinator left the run in it. */
  private record OpenedStore(RunWriter store, Resumption resumption) {}

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
    core.register(register.agent(), register.claims());
    message.reply(new Registered(settings.coordinatorId(), modelsUrl(), settings.heartbeatInterval(),
        settings.leaseTimeout(), settings.leasePoll()));
  }

  private void onLeaseRequest(Message<LeaseRequest> message) {
    String agentId = message.body().agentId();
    if (!core.heardFrom(agentId)) {
      message.fail(FailureCodes.UNKNOWN_AGENT, "agent " + agentId + " is not registered with this coordinator");
      return;
    }
    var assignment = core.lease(agentId);
    if (assignment.isPresent()) {
      message.reply(assignment.get());
    } else {
      park(core.tierOf(agentId).orElseThrow(), message);
    }
  }

  private void onResult(Message<TaskResult> message) {
    TaskResult result = message.body();
    ResultVerdict verdict = core.check(result);
    if (verdict instanceof ResultVerdict.Refuse refused) {
      if (refused.note().startsWith("duplicate")) {
        LOG.info("dropped a duplicate result for task {} from agent {}", result.taskId(), result.agentId());
      } else {
        LOG.warn("refused result for task {} from agent {}: {}", result.taskId(), result.agentId(), refused.note());
      }
      message.reply(new Ack(false, refused.note()));
    } else if (verdict instanceof ResultVerdict.NotYet notYet) {
      message.fail(FailureCodes.UNAVAILABLE, notYet.note());
    } else if (verdict instanceof ResultVerdict.Malformed malformed) {
      message.fail(FailureCodes.BAD_REQUEST, malformed.problem());
    } else if (verdict instanceof ResultVerdict.Accept accepted) {
      RunWriter into = active.get(accepted.run().runId()).store();
      written(into, () -> into.saveResult(accepted.result(), accepted.attempt(), accepted.latency(), clock.instant()))
          .onFailure(e -> {
            LOG.error("cannot store result of task {}: {}", result.taskId(), e.getMessage());
            message.fail(FailureCodes.UNAVAILABLE, "the coordinator cannot store the result now: " + e.getMessage());
          })
          .onSuccess(inserted -> {
            if (!inserted) {
              message.reply(new Ack(false, "duplicate: task " + result.taskId() + " already has a result"));
              return;
            }
            core.stored(accepted, result);
            message.reply(new Ack(true, "stored"));
            finishDone();
          });
    }
  }

  private void onLeave(Message<Leave> message) {
    String agentId = message.body().agentId();
    waiting.removeAgent(agentId);
    core.leave(agentId, message.body().reason());
    message.reply(new Ack(true, "bye"));
    dispatch();
    finishDone();
  }

  /** Replies to a failure or release; either may free work for waiting agents, or end the run. */
  private void answer(Message<?> message, Ack ack) {
    message.reply(ack);
    dispatch();
    finishDone();
  }

  // ---- leasing

  private void park(String tier, Message<LeaseRequest> message) {
    waiting.add(tier, message);
    vertx.setTimer(Math.max(1, settings.leasePoll().toMillis()), id -> {
      if (waiting.remove(tier, message)) {
        message.reply(core.runs().isEmpty() ? NoWork.noRun() : new NoWork("no queued task for tier " + tier));
      }
    });
  }

  /** Hands queued tasks to waiting requests of live agents. */
  private void dispatch() {
    for (String tier : waiting.tiers()) {
      while (core.hasQueued(tier)) {
        Message<LeaseRequest> request = waiting.poll(tier);
        if (request == null) {
          break;
        }
        String agentId = request.body().agentId();
        if (core.alive(agentId)) {
          core.lease(agentId).ifPresent(request::reply);
        }
      }
    }
  }

  // ---- the runs' end

  private void finishDone() {
    for (RunOutcome outcome : core.finishDone()) {
      if (core.runs().isEmpty()) {
        // Agents waiting for work learn now that the sweeps are over, so that losing this coordinator is no alarm.
        waiting.drain().forEach(request -> request.reply(NoWork.noRun()));
      }
      ActiveRun run = active.get(outcome.runId());
      recorder.stopRecording(outcome.runId());
      var roundTrips = core.runs().isEmpty() ? core.roundTrips() : Map.<String, org.HdrHistogram.Histogram>of();
      blocking(() -> {
        roundTrips.forEach(run.store()::saveRoundTrips);
        run.store().close();
        return outcome;
      }).onComplete(closed -> {
        active.remove(outcome.runId());
        run.finished().handle(closed);
      });
    }
  }

  // ---- what the core says happened

  private void happened(RunEvent event) {
    recorder.accept(event);
    if (event instanceof RunEvent.AgentJoined || event instanceof RunEvent.AgentLeft) {
      writeTargets();
    }
    if (event.runId() != null) {
      core.runProgress(event.runId()).ifPresent(progress -> listeners.forEach(l -> l.changed(progress)));
    }
  }

  /** Keeps Prometheus's list of agent targets current, when asked to. */
  private void writeTargets() {
    Path file = settings.prometheusTargets();
    if (file == null) {
      return;
    }
    List<AgentInfo> agents = core.agents().stream().map(AgentRecord::info).toList();
    blocking(() -> {
      TargetsFile.write(file, agents);
      return null;
    }).onFailure(e -> LOG.warn("cannot write the Prometheus targets file {}: {}", file, e.getMessage()));
  }

  /**
   * Runs {@code work} on the store's writer thread, alone, after everything asked for before (opening, closing,
   * files); answered on this verticle's event loop.
   */
  private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
    Promise<T> answer = Promise.promise();
    writes.alone(work, (value, failure) -> answerOnLoop(answer, value, failure));
    return answer.future();
  }

  /**
   * Runs a write on {@code into} on the store's writer thread, committed in a group with the writes next to it;
   * answered on this verticle's event loop once committed. Without a store it runs alone.
   */
  private <T> Future<T> written(RunWriter into, java.util.concurrent.Callable<T> work) {
    if (into == null) {
      return blocking(work);
    }
    Promise<T> answer = Promise.promise();
    writes.grouped(into, work, (value, failure) -> answerOnLoop(answer, value, failure));
    return answer.future();
  }

  private <T> void answerOnLoop(Promise<T> answer, T value, Throwable failure) {
    context.runOnContext(v -> {
      if (failure == null) {
        answer.complete(value);
      } else {
        answer.fail(failure);
      }
    });
  }

  @Override
  public Future<?> stop() {
    writes.close();
    return Future.succeededFuture();
  }


  /** A snapshot for the status API: agents, queues per tier, run progress, and whether runs may be submitted. */
  JsonObject status() {
    return StatusDocument.of(settings, core, clock).put("queue", queued);
  }
}
