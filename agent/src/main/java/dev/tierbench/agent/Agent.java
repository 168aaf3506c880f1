package dev.tierbench.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.agent.cache.DownloadCache;
import dev.tierbench.agent.host.HostInfo;
import dev.tierbench.agent.measure.DeviceLock;
import dev.tierbench.agent.measure.Measurer;
import dev.tierbench.agent.measure.ProgressListener;
import dev.tierbench.agent.metrics.AgentMetrics;
import dev.tierbench.agent.runtime.Engines;
import dev.tierbench.agent.task.ActiveTask;
import dev.tierbench.agent.task.TaskPipeline;
import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.common.protocol.Ack;
import dev.tierbench.common.protocol.Addresses;
import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.FailureCodes;
import dev.tierbench.common.protocol.Heartbeat;
import dev.tierbench.common.protocol.HeartbeatAck;
import dev.tierbench.common.protocol.LeaseRequest;
import dev.tierbench.common.protocol.Leave;
import dev.tierbench.common.protocol.Phase;
import dev.tierbench.common.protocol.Progress;
import dev.tierbench.common.protocol.Protocol;
import dev.tierbench.common.protocol.Register;
import dev.tierbench.common.protocol.Registered;
import dev.tierbench.common.protocol.TaskAssignment;
import dev.tierbench.common.protocol.TaskFailure;
import dev.tierbench.common.protocol.TaskRelease;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.protocol.TaskSpec;
import dev.tierbench.common.protocol.Telemetry;
import dev.tierbench.common.protocol.WireMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * An agent: registers with the coordinator, pulls one task at a time, measures it on a dedicated thread
 * (never on the event loop), and delivers the outcome until the coordinator acknowledges it. Heartbeats
 * keep its lease alive meanwhile. All fields but the measuring thread's are touched on the event loop only.
 */
public final class Agent extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration RETRY_MIN = Duration.ofMillis(250);
  private static final Duration RETRY_MAX = Duration.ofSeconds(5);

  private final AgentSettings settings;
  private final Engines runtime;
  private final AgentMetrics metrics;
  private final TaskPipeline pipeline;
  private final AgentInfo info;
  private final ExecutorService measuring;
  private final Outbox outbox;

  private Registered registration;
  private Future<Registered> registering;
  /** Read by the sampling thread (telemetry) too. */
  private volatile ActiveTask active;
  private boolean stopping;
  private boolean left;
  private long coordinatorLostSince = -1;
  private boolean measuringNow;
  private WireMessage pendingOutcome;
  private long heartbeatTimer = -1;
  private long lastRoundTripMicros = -1;
  private final Promise<Void> stopped = Promise.promise();
  private final Promise<String> lost = Promise.promise();

  /**
   * @param monitor the system metrics sampled during measurements
   * @param outbox outcomes an earlier connection could not deliver; this agent delivers them first
   */
  public Agent(AgentSettings settings, Engines runtime, SystemMonitor monitor, Outbox outbox) {
    this(settings, runtime, monitor, outbox, AgentMetrics.none(settings.tier(), settings.agentId()));
  }

  /** @param metrics where this agent's Prometheus metrics go */
  public Agent(AgentSettings settings, Engines runtime, SystemMonitor monitor, Outbox outbox,
      AgentMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
    this.outbox = outbox;
    this.runtime = runtime;
    DownloadCache cache = new DownloadCache(settings.cacheDir());
    this.info = HostInfo.describe(settings.agentId(), settings.tier(), runtime.infos(), settings.labels(),
        metrics.address());
    this.pipeline = new TaskPipeline(info, cache, new DeviceLock(settings.deviceLock()), new Measurer(runtime, monitor),
        runtime);
    metrics.modelCache(cache.models());
    this.measuring = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "tierbench-measure-" + settings.agentId());
      thread.setDaemon(true);
      return thread;
    });
  }

  public AgentInfo info() {
    return info;
  }

  @Override
  public Future<?> start() {
    return register(System.nanoTime() + settings.connectTimeout().toNanos()).onSuccess(r -> {
      LOG.info("agent {} (tier {}, {}) registered with coordinator {}", info.agentId(), info.tier(),
          runtime.describe(), r.coordinatorId());
      heartbeatTimer = vertx.setPeriodic(r.heartbeatInterval().toMillis(), id -> heartbeat());
      deliverHeld(outbox.drain()).onComplete(v -> askForWork());
    });
  }

  private Future<Void> deliverHeld(List<WireMessage> held) {
    Future<Void> chain = Future.succeededFuture();
    if (!held.isEmpty()) {
      LOG.info("agent {} delivers {} outcome(s) held while the coordinator was unreachable", info.agentId(),
          held.size());
    }
    for (WireMessage message : held) {
      chain = chain.compose(v -> deliver(message, 1));
    }
    return chain;
  }

  /**
   * Completes (with the reason) when this agent has given up on its cluster connection: the coordinator was
   * unreachable longer than rejoin-after. Its undelivered outcomes are in the outbox; join again and deploy a
   * new agent with that outbox.
   */
  public Future<String> lost() {
    return lost.future();
  }

  /** Completes when this agent has left after {@link #shutdown}. */
  public Future<Void> stopped() {
    return stopped.future();
  }

  /**
   * Stops taking work; lets the task in hand finish for up to {@code grace}, then cancels it and hands it
   * back; leaves the fleet. Safe to call from any thread, and more than once.
   */
  public Future<Void> shutdown(Duration grace) {
    context.runOnContext(v -> {
      if (stopping) {
        return;
      }
      stopping = true;
      if (active == null) {
        leave();
        return;
      }
      LOG.info("agent {} stopping: letting task {} finish for up to {} s", info.agentId(), active.taskId(),
          grace.toMillis() / 1000.0);
      ActiveTask task = active;
      vertx.setTimer(Math.max(1, grace.toMillis()), id -> task.cancellation().cancel("the agent is shutting down"));
    });
    return stopped.future();
  }

  @Override
  public Future<?> stop() {
    // Undeployed because its connection was given up: the outbox carries its work to the next connection.
    return lost.future().isComplete() ? Future.succeededFuture() : shutdown(settings.shutdownGrace());
  }

  // ---- registration

  private Future<Registered> register(long deadlineNanos) {
    if (registering == null) {
      registering = attemptRegister(deadlineNanos).onComplete(r -> registering = null);
    }
    return registering;
  }

  private Future<Registered> attemptRegister(long deadlineNanos) {
    return this.<Registered>request(Addresses.REGISTER, new Register(Protocol.VERSION, info))
        .onSuccess(r -> {
          registration = r;
          coordinatorLostSince = -1;
        })
        .recover(e -> {
          if (e instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            return Future.failedFuture(new AgentException("the coordinator refused agent " + info.agentId() + ": "
                + re.getMessage()));
          }
          if (System.nanoTime() > deadlineNanos) {
            return Future.failedFuture(new AgentException("no coordinator answered within "
                + settings.connectTimeout().toSeconds() + " s (" + describe(e) + ")"));
          }
          return pause(RETRY_MIN).compose(v -> attemptRegister(deadlineNanos));
        });
  }

  // ---- work loop

  private void askForWork() {
    if (stopping) {
      leave();
      return;
    }
    if (lost.future().isComplete()) {
      return;
    }
    DeliveryOptions options = new DeliveryOptions()
        .setSendTimeout(registration.leasePoll().plus(REQUEST_TIMEOUT).toMillis());
    vertx.eventBus().<Object>request(Addresses.LEASE, new LeaseRequest(info.agentId()), options)
        .onSuccess(reply -> {
          coordinatorBack();
          if (reply.body() instanceof TaskAssignment assignment) {
            run(assignment);
          } else {
            askForWork();
          }
        })
        .onFailure(e -> recoverFromCoordinator(e, 1).onComplete(v -> askForWork()));
  }

  private void run(TaskAssignment assignment) {
    TaskSpec task = assignment.task();
    if (stopping) {
      // A lease granted while this agent was already stopping: hand it straight back.
      deliver(new TaskRelease(task.taskId(), assignment.leaseId(), info.agentId(), "the agent is shutting down"), 1)
          .onComplete(v -> leave());
      return;
    }
    LOG.info("agent {} leased task {} (model {}, engine {}, batch {}, threads {}, xnnpack {}, attempt {})",
        info.agentId(), task.taskId(), task.model().name(), task.params().engine().key(), task.params().batch(),
        task.params().threads(), task.params().xnnpack(), task.attempt());
    ActiveTask current = new ActiveTask(assignment);
    active = current;
    metrics.taskStarted();
    measuringNow = true;
    String modelsUrl = registration.modelsUrl();
    Promise<WireMessage> outcome = Promise.promise();
    measuring.execute(() -> {
      WireMessage message = execute(current, modelsUrl);
      context.runOnContext(v -> outcome.complete(message));
    });
    outcome.future()
        .compose(message -> {
          measuringNow = false;
          metrics.taskEnded(message instanceof TaskResult ? "done" : message instanceof TaskFailure ? "failed"
              : message instanceof TaskRelease ? "released" : "lost");
          return message == null ? Future.succeededFuture() : deliver(message, 1);
        })
        .onComplete(v -> {
          active = null;
          askForWork();
        });
  }

  /** Runs on the measuring thread. Returns what to tell the coordinator, or null if the lease was lost. */
  private WireMessage execute(ActiveTask current, String modelsUrl) {
    TaskSpec task = current.assignment().task();
    AgentMetrics.Meters meters = metrics.workload(task.family(), task.params().scenario().key());
    WireMessage outcome = pipeline.run(current, modelsUrl, new ProgressListener() {
      @Override
      public void progress(Phase phase, long done, long total) {
        Agent.this.progress(current, phase, done, total);
        if (phase == Phase.MEASURING) {
          metrics.progress(done, total);
        }
      }

      @Override
      public void timed(long nanos) {
        meters.record(nanos);
      }

      @Override
      public void system(Map<String, Double> values) {
        telemetry(values);
      }
    });
    if (outcome instanceof TaskRelease release && !stopping) {
      LOG.warn("agent {} abandoned task {}: {}", info.agentId(), task.taskId(), release.reason());
      return null;
    }
    return outcome;
  }

  /** Called on the sampling thread: the live figures of the task in hand, fire and forget. */
  private void telemetry(Map<String, Double> values) {
    metrics.system(values);
    ActiveTask task = active;
    if (task != null) {
      vertx.eventBus().send(Addresses.TELEMETRY,
          new Telemetry(info.agentId(), task.taskId(), System.currentTimeMillis(), values));
    }
  }

  private void progress(ActiveTask current, Phase phase, long done, long total) {
    vertx.eventBus().send(Addresses.PROGRESS,
        new Progress(info.agentId(), current.leaseId(), current.taskId(), phase, done, total));
  }

  /**
   * Sends a task's outcome until the coordinator acknowledges it; a stopping agent tries a few times only.
   * If this connection is given up meanwhile, the outcome goes to the outbox for the next one.
   */
  private Future<Void> deliver(WireMessage message, int attempt) {
    if (lost.future().isComplete()) {
      outbox.hold(message);
      return Future.succeededFuture();
    }
    pendingOutcome = message;
    String address = message instanceof TaskResult ? Addresses.RESULT
        : message instanceof TaskFailure ? Addresses.FAILURE : Addresses.RELEASE;
    return this.<Ack>request(address, message)
        .<Void>map(ack -> {
          pendingOutcome = null;
          coordinatorBack();
          if (!ack.accepted()) {
            LOG.info("agent {}: coordinator did not take {}: {}", info.agentId(), message.getClass().getSimpleName(),
                ack.note());
          }
          return null;
        })
        .recover(e -> {
          if (lost.future().isComplete()) {
            return Future.succeededFuture(); // giving up held the pending outcome
          }
          if (stopping && attempt >= 3) {
            pendingOutcome = null;
            LOG.error("agent {} gives up delivering {} while stopping: {}", info.agentId(), message, describe(e));
            return Future.succeededFuture();
          }
          return recoverFromCoordinator(e, attempt)
              .compose(v -> lost.future().isComplete() ? Future.succeededFuture() : deliver(message, attempt + 1));
        });
  }

  // ---- heartbeats

  private void heartbeat() {
    metrics.heartbeat();
    rejoinIfLostTooLong();
    if (lost.future().isComplete()) {
      return;
    }
    ActiveTask task = active;
    String leaseId = task == null ? null : task.leaseId();
    long sent = System.nanoTime();
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(
        Math.max(1_000, 2 * registration.heartbeatInterval().toMillis()));
    vertx.eventBus().<HeartbeatAck>request(Addresses.HEARTBEAT,
            new Heartbeat(info.agentId(), leaseId, System.currentTimeMillis(), lastRoundTripMicros), options)
        .onSuccess(reply -> {
          lastRoundTripMicros = (System.nanoTime() - sent) / 1_000;
          coordinatorBack();
          HeartbeatAck ack = reply.body();
          if (!ack.agentKnown()) {
            LOG.warn("agent {}: the coordinator does not know this agent (restarted?); registering again",
                info.agentId());
            register(Long.MAX_VALUE);
          } else if (task != null && !ack.leaseValid() && active == task) {
            task.cancellation().cancel("the coordinator revoked lease " + leaseId + " of task " + task.taskId());
          }
        })
        .onFailure(this::noteCoordinatorLost);
  }

  // ---- coordinator trouble

  /** After a failed request: register again if the coordinator forgot us, else wait a little (backing off). */
  private Future<Void> recoverFromCoordinator(Throwable e, int attempt) {
    if (e instanceof ReplyException re && re.failureCode() == FailureCodes.UNKNOWN_AGENT) {
      return register(Long.MAX_VALUE).mapEmpty();
    }
    noteCoordinatorLost(e);
    rejoinIfLostTooLong();
    long millis = Math.min(RETRY_MAX.toMillis(), RETRY_MIN.toMillis() << Math.min(attempt, 10));
    return pause(Duration.ofMillis(millis));
  }

  /** Stops using this cluster connection; whoever deployed this agent joins again (see {@link #lost()}). */
  private void giveUpConnection(String reason) {
    if (pendingOutcome != null) {
      outbox.hold(pendingOutcome);
      pendingOutcome = null;
    }
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
    measuring.shutdown();
    lost.tryComplete(reason);
  }

  /**
   * Gives up this connection when the coordinator has been unreachable for rejoin-after and no measurement
   * is running (a measurement in progress finishes first; its outcome is then held). Checked on every
   * heartbeat, because requests over a cluster that lost its only data member can hang for minutes.
   */
  private void rejoinIfLostTooLong() {
    if (!stopping && !measuringNow && coordinatorLostSince >= 0
        && System.nanoTime() - coordinatorLostSince > settings.rejoinAfter().toNanos()) {
      giveUpConnection("the coordinator has been unreachable for more than " + settings.rejoinAfter().toSeconds()
          + " s");
    }
  }

  private void noteCoordinatorLost(Throwable e) {
    if (coordinatorLostSince < 0 && !stopping) {
      coordinatorLostSince = System.nanoTime();
      LOG.warn("agent {} cannot reach the coordinator ({}); holding {} and retrying", info.agentId(), describe(e),
          active == null ? "no task" : "task " + active.taskId());
    }
  }

  private void coordinatorBack() {
    if (coordinatorLostSince >= 0) {
      coordinatorLostSince = -1;
      LOG.info("agent {} reaches the coordinator again", info.agentId());
    }
  }

  private void leave() {
    if (left) {
      return;
    }
    left = true;
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
    // Short: a stopping agent must not wait long for a coordinator that may be gone.
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(LEAVE_TIMEOUT.toMillis());
    vertx.eventBus().request(Addresses.LEAVE, new Leave(info.agentId(), "shutting down"), options)
        .onComplete(r -> {
          measuring.shutdownNow();
          LOG.info("agent {} left", info.agentId());
          stopped.tryComplete();
        });
  }

  // ---- helpers

  private <T> Future<T> request(String address, WireMessage message) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT.toMillis());
    return vertx.eventBus().<T>request(address, message, options).map(Message::body);
  }

  private Future<Void> pause(Duration duration) {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(Math.max(1, duration.toMillis()), id -> promise.complete());
    return promise.future();
  }

  private static String describe(Throwable e) {
    if (e instanceof ReplyException re) {
      return switch (re.failureType()) {
        case NO_HANDLERS -> "no coordinator is listening on the cluster";
        case TIMEOUT -> "the coordinator did not answer in time";
        default -> re.getMessage();
      };
    }
    return String.valueOf(e.getMessage());
  }
}
