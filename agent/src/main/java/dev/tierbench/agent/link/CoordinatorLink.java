package dev.tierbench.agent.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.agent.AgentException;
import dev.tierbench.agent.AgentSettings;
import dev.tierbench.agent.Outbox;
import dev.tierbench.agent.metrics.AgentMetrics;
import dev.tierbench.agent.task.ActiveTask;
import dev.tierbench.common.protocol.Ack;
import dev.tierbench.common.protocol.Addresses;
import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.Claim;
import dev.tierbench.common.protocol.FailureCodes;
import dev.tierbench.common.protocol.Heartbeat;
import dev.tierbench.common.protocol.HeartbeatAck;
import dev.tierbench.common.protocol.LeaseRequest;
import dev.tierbench.common.protocol.Leave;
import dev.tierbench.common.protocol.NoWork;
import dev.tierbench.common.protocol.Protocol;
import dev.tierbench.common.protocol.Register;
import dev.tierbench.common.protocol.Registered;
import dev.tierbench.common.protocol.TaskAssignment;
import dev.tierbench.common.protocol.TaskFailure;
import dev.tierbench.common.protocol.TaskRelease;
import dev.tierbench.common.protocol.TaskResult;
import dev.tierbench.common.protocol.TaskSpec;
import dev.tierbench.common.protocol.WireMessage;

/**
 * An agent's side of its coordinator, whatever carries the messages: it registers (giving up at the connect
 * deadline), asks for work and runs one leased task at a time, heartbeats meanwhile, and delivers each outcome until
 * the coordinator takes it. When the coordinator stays unreachable for rejoin-after it gives this connection up (see
 * {@link #lost()}), keeping what it could not deliver in the {@link Outbox} for the next connection. Pure logic over a
 * {@link CoordinatorChannel}, a {@link Ticker} and a {@link TaskRunner}; not thread-safe: every call, and every
 * completion of the channel, the timers and the runner, happens on one thread (the agent's event loop).
 */
public final class CoordinatorLink {

  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorLink.class);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Short: a stopping agent must not wait long for a coordinator that may be gone. */
  static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(2);
  static final Backoff RETRY = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));
  /** A stopping agent tries this many times to deliver, then gives the outcome up. */
  private static final int STOPPING_ATTEMPTS = 3;
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  private final AgentSettings settings;
  private final AgentInfo info;
  private final Outbox outbox;
  private final AgentMetrics metrics;
  private final CoordinatorChannel channel;
  private final Ticker ticker;
  private final TaskRunner runner;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final CompletableFuture<String> lost = new CompletableFuture<>();

  private Registered registration;
  private CompletableFuture<Registered> registering;
  private ActiveTask active;
  private boolean measuring;
  private WireMessage pendingOutcome;
  private boolean stopping;
  private boolean left;
  private boolean coordinatorLost;
  /** The coordinator last said it had no run: its sweep is over, and losing it is expected. */
  private boolean sweepOver;
  private long lostSinceNanos;
  private Ticker.Timer heartbeats;
  private long lastRoundTripMicros = -1;

  /** @param outbox outcomes an earlier connection could not deliver: delivered before any new work */
  public CoordinatorLink(AgentSettings settings, AgentInfo info, Outbox outbox, AgentMetrics metrics,
      CoordinatorChannel channel, Ticker ticker, TaskRunner runner) {
    this.settings = settings;
    this.info = info;
    this.outbox = outbox;
    this.metrics = metrics;
    this.channel = channel;
    this.ticker = ticker;
    this.runner = runner;
  }

  /**
   * Registers, then heartbeats, delivers what the outbox holds and asks for work. Fails with an
   * {@link AgentException} if the coordinator refuses this agent or none answers within the connect timeout.
   */
  public CompletionStage<Registered> start() {
    return register(ticker.nanos() + settings.connectTimeout().toNanos()).thenApply(r -> {
      heartbeats = ticker.every(r.heartbeatInterval(), this::heartbeat);
      deliverHeld(outbox.drain()).whenComplete((v, e) -> askForWork());
      return r;
    });
  }

  /** Completes, with the reason, when this link has given its connection up; its undelivered outcomes are held. */
  public CompletionStage<String> lost() {
    return lost;
  }

  /** Completes when this agent has left after {@link #shutdown}. */
  public CompletionStage<Void> stopped() {
    return stopped;
  }

  /** Whether the coordinator's last word was that it had no run: a connection then lost is no fault. */
  public boolean sweepOver() {
    return sweepOver;
  }

  public boolean givenUp() {
    return lost.isDone();
  }

  /**
   * Stops taking work; lets the task in hand finish for up to {@code grace}, then cancels it and hands it back;
   * leaves the fleet. Calling it again changes nothing.
   */
  public CompletionStage<Void> shutdown(Duration grace) {
    if (stopping) {
      return stopped;
    }
    stopping = true;
    if (active == null) {
      leave();
    } else {
      LOG.info("agent {} stopping: letting task {} finish for up to {} s", info.agentId(), active.taskId(),
          grace.toMillis() / 1000.0);
      ActiveTask task = active;
      ticker.after(grace, () -> task.cancellation().cancel("the agent is shutting down"));
    }
    return stopped;
  }

  // ---- registration

  private CompletableFuture<Registered> register(long deadlineNanos) {
    if (registering == null) {
      CompletableFuture<Registered> attempt = attemptRegister(deadlineNanos);
      registering = attempt;
      attempt.whenComplete((r, e) -> {
        if (registering == attempt) {
          registering = null;
        }
      });
      return attempt;
    }
    return registering;
  }

  private CompletableFuture<Registered> attemptRegister(long deadlineNanos) {
    return request(Addresses.REGISTER, new Register(Protocol.VERSION, info, claims()), REQUEST_TIMEOUT)
        .thenApply(reply -> {
          registration = (Registered) reply;
          coordinatorLost = false;
          return registration;
        })
        .exceptionallyCompose(e -> {
          CoordinatorException failure = CoordinatorException.from(e);
          if (failure.refused()) {
            return CompletableFuture.failedFuture(new AgentException("the coordinator refused agent "
                + info.agentId() + ": " + failure.getMessage(), failure));
          }
          if (ticker.nanos() > deadlineNanos) {
            return CompletableFuture.failedFuture(new AgentException("no coordinator answered within "
                + settings.connectTimeout().toSeconds() + " s (" + failure.getMessage() + ")"));
          }
          return pause(RETRY.min()).thenCompose(v -> attemptRegister(deadlineNanos));
        });
  }

  /**
   * What this agent still holds: the task it measures (or waits for the device for), and outcomes not yet taken. A
   * restarted coordinator keeps those leases for it instead of leasing the tasks to another agent, and records each
   * held outcome under its own attempt when it arrives.
   */
  private List<Claim> claims() {
    List<WireMessage> undelivered = new ArrayList<>(outbox.peek());
    if (pendingOutcome != null) {
      undelivered.add(pendingOutcome);
    }
    List<Claim> claims = new ArrayList<>();
    for (WireMessage message : undelivered) {
      if (message instanceof TaskResult r) {
        claims.add(new Claim(r.taskId(), r.leaseId(), true));
      } else if (message instanceof TaskFailure f) {
        claims.add(new Claim(f.taskId(), f.leaseId(), true));
      } else if (message instanceof TaskRelease r) {
        claims.add(new Claim(r.taskId(), r.leaseId(), true));
      }
    }
    // The task in hand is being measured unless its outcome is what waits to be delivered.
    if (active != null && claims.stream().noneMatch(c -> c.leaseId().equals(active.leaseId()))) {
      claims.add(new Claim(active.taskId(), active.leaseId(), false));
    }
    return claims;
  }

  // ---- work

  private CompletableFuture<Void> deliverHeld(List<WireMessage> held) {
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    if (!held.isEmpty()) {
      LOG.info("agent {} delivers {} outcome(s) held while the coordinator was unreachable", info.agentId(),
          held.size());
    }
    for (WireMessage message : held) {
      chain = chain.thenCompose(v -> deliver(message, 1));
    }
    return chain;
  }

  private void askForWork() {
    if (stopping) {
      leave();
      return;
    }
    if (givenUp()) {
      return;
    }
    request(Addresses.LEASE, new LeaseRequest(info.agentId()), registration.leasePoll().plus(REQUEST_TIMEOUT))
        .whenComplete((reply, e) -> {
          if (e != null) {
            recoverFromCoordinator(e, 1).whenComplete((v, x) -> askForWork());
            return;
          }
          coordinatorBack();
          boolean over = reply instanceof NoWork noWork && noWork.runOver();
          if (over && !sweepOver) {
            // Once per sweep: the agent idles from here, and says it knows why.
            LOG.info("agent {}: the coordinator has no run in progress; waiting for one", info.agentId());
          }
          sweepOver = over;
          if (reply instanceof TaskAssignment assignment) {
            run(assignment);
          } else {
            askForWork();
          }
        });
  }

  private void run(TaskAssignment assignment) {
    TaskSpec task = assignment.task();
    if (stopping) {
      // A lease granted while this agent was already stopping: hand it straight back.
      deliver(new TaskRelease(task.taskId(), assignment.leaseId(), info.agentId(), "the agent is shutting down"), 1)
          .whenComplete((v, e) -> leave());
      return;
    }
    LOG.info("agent {} leased task {} (model {}, engine {}, batch {}, threads {}, xnnpack {}, attempt {})",
        info.agentId(), task.taskId(), task.model().name(), task.params().engine().key(), task.params().batch(),
        task.params().threads(), task.params().xnnpack(), task.attempt());
    ActiveTask current = new ActiveTask(assignment);
    active = current;
    metrics.taskStarted();
    measuring = true;
    runner.run(current, registration.modelsUrl(),
            new ProgressReporter(info.agentId(), current, channel, metrics, ticker))
        .thenCompose(outcome -> {
          measuring = false;
          return finish(current, outcome);
        })
        .whenComplete((v, e) -> {
          active = null;
          askForWork();
        });
  }

  private CompletableFuture<Void> finish(ActiveTask task, WireMessage outcome) {
    if (outcome instanceof TaskRelease release && !stopping) {
      // Cancelled because the coordinator revoked the lease: it has queued the task again, nothing is owed.
      LOG.warn("agent {} abandoned task {}: {}", info.agentId(), task.taskId(), release.reason());
      metrics.taskEnded("lost");
      return CompletableFuture.completedFuture(null);
    }
    metrics.taskEnded(outcome instanceof TaskResult ? "done" : outcome instanceof TaskFailure ? "failed" : "released");
    return deliver(outcome, 1);
  }

  /**
   * Sends a task's outcome until the coordinator acknowledges it, backing off between attempts; a stopping agent
   * tries a few times only. If this connection is given up meanwhile, the outcome goes to the outbox.
   */
  private CompletableFuture<Void> deliver(WireMessage message, int attempt) {
    if (givenUp()) {
      outbox.hold(message);
      return CompletableFuture.completedFuture(null);
    }
    pendingOutcome = message;
    String address = message instanceof TaskResult ? Addresses.RESULT
        : message instanceof TaskFailure ? Addresses.FAILURE : Addresses.RELEASE;
    return request(address, message, REQUEST_TIMEOUT)
        .thenAccept(reply -> {
          pendingOutcome = null;
          coordinatorBack();
          Ack ack = (Ack) reply;
          if (!ack.accepted()) {
            LOG.info("agent {}: coordinator did not take {}: {}", info.agentId(), message.getClass().getSimpleName(),
                ack.note());
          }
        })
        .exceptionallyCompose(e -> {
          if (givenUp()) {
            return CompletableFuture.completedFuture(null); // giving up held the pending outcome
          }
          if (stopping && attempt >= STOPPING_ATTEMPTS) {
            pendingOutcome = null;
            LOG.error("agent {} gives up delivering {} while stopping: {}", info.agentId(), message,
                CoordinatorException.from(e).getMessage());
            return CompletableFuture.completedFuture(null);
          }
          return recoverFromCoordinator(e, attempt)
              .thenCompose(v -> givenUp() ? CompletableFuture.completedFuture(null) : deliver(message, attempt + 1));
        });
  }

  // ---- heartbeats

  private void heartbeat() {
    metrics.heartbeat();
    rejoinIfLostTooLong();
    if (givenUp()) {
      return;
    }
    ActiveTask task = active;
    String leaseId = task == null ? null : task.leaseId();
    long sent = ticker.nanos();
    Duration timeout = Duration.ofMillis(Math.max(1_000, 2 * registration.heartbeatInterval().toMillis()));
    request(Addresses.HEARTBEAT, new Heartbeat(info.agentId(), leaseId, ticker.wallMillis(), lastRoundTripMicros),
        timeout)
        .whenComplete((reply, e) -> {
          if (e != null) {
            noteCoordinatorLost(CoordinatorException.from(e));
            return;
          }
          lastRoundTripMicros = (ticker.nanos() - sent) / 1_000;
          coordinatorBack();
          HeartbeatAck ack = (HeartbeatAck) reply;
          if (!ack.agentKnown()) {
            LOG.warn("agent {}: the coordinator does not know this agent (restarted?); registering again",
                info.agentId());
            register(NO_DEADLINE);
          } else if (task != null && !ack.leaseValid() && active == task) {
            task.cancellation().cancel("the coordinator revoked lease " + leaseId + " of task " + task.taskId());
          }
        });
  }

  // ---- coordinator trouble

  /** After a failed request: register again if the coordinator forgot us, else wait a little (backing off). */
  private CompletableFuture<Void> recoverFromCoordinator(Throwable e, int attempt) {
    CoordinatorException failure = CoordinatorException.from(e);
    if (failure.refused() && failure.code() == FailureCodes.UNKNOWN_AGENT) {
      return register(NO_DEADLINE).thenApply(r -> null);
    }
    if (failure.refused() && failure.code() == FailureCodes.UNAUTHORIZED && !measuring) {
      // Revoked: no retry brings it back. Whoever deployed this agent tries once more and stops, saying why.
      giveUpConnection(failure.getMessage());
      return pause(RETRY.after(attempt));
    }
    noteCoordinatorLost(failure);
    rejoinIfLostTooLong();
    return pause(RETRY.after(attempt));
  }

  /**
   * Gives this connection up when the coordinator has been unreachable for longer than rejoin-after and no
   * measurement is running (one in progress finishes first; its outcome is then held). Checked on every heartbeat
   * too, because requests over a cluster that lost its only data member can hang for minutes.
   */
  private void rejoinIfLostTooLong() {
    if (!stopping && !measuring && coordinatorLost
        && ticker.nanos() - lostSinceNanos > settings.rejoinAfter().toNanos()) {
      giveUpConnection("the coordinator has been unreachable for more than " + settings.rejoinAfter().toSeconds()
          + " s");
    }
  }

  /** Whoever deployed this agent joins the cluster again and starts a new link with the same outbox. */
  private void giveUpConnection(String reason) {
    if (pendingOutcome != null) {
      outbox.hold(pendingOutcome);
      pendingOutcome = null;
    }
    stopHeartbeats();
    lost.complete(reason);
  }

  private void noteCoordinatorLost(CoordinatorException failure) {
    if (!coordinatorLost && !stopping) {
      coordinatorLost = true;
      lostSinceNanos = ticker.nanos();
      if (sweepOver && active == null) {
        LOG.info("agent {}: the coordinator, its sweep over, is gone; waiting for the next one", info.agentId());
      } else {
        LOG.warn("agent {} cannot reach the coordinator ({}); holding {} and retrying", info.agentId(),
            failure.getMessage(), active == null ? "no task" : "task " + active.taskId());
      }
    }
  }

  private void coordinatorBack() {
    if (coordinatorLost) {
      coordinatorLost = false;
      LOG.info("agent {} reaches the coordinator again", info.agentId());
    }
  }

  private void leave() {
    if (left) {
      return;
    }
    left = true;
    stopHeartbeats();
    request(Addresses.LEAVE, new Leave(info.agentId(), "shutting down"), LEAVE_TIMEOUT).whenComplete((r, e) -> {
      LOG.info("agent {} left", info.agentId());
      stopped.complete(null);
    });
  }

  // ---- helpers

  private void stopHeartbeats() {
    if (heartbeats != null) {
      heartbeats.cancel();
      heartbeats = null;
    }
  }

  private CompletableFuture<Object> request(String address, WireMessage message, Duration timeout) {
    return channel.request(address, message, timeout).toCompletableFuture();
  }

  private CompletableFuture<Void> pause(Duration duration) {
    CompletableFuture<Void> paused = new CompletableFuture<>();
    ticker.after(duration, () -> paused.complete(null));
    return paused;
  }
}
