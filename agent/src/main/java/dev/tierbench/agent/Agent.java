package dev.tierbench.agent;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.agent.link.CoordinatorChannel;
import dev.tierbench.agent.link.CoordinatorLink;
import dev.tierbench.agent.measure.ProgressListener;
import dev.tierbench.agent.metrics.AgentMetrics;
import dev.tierbench.agent.runtime.Engines;
import dev.tierbench.agent.system.SystemMonitor;
import dev.tierbench.agent.task.ActiveTask;
import dev.tierbench.common.protocol.AgentInfo;
import dev.tierbench.common.protocol.WireMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;

/**
 * An agent on one connection to its coordinator: a {@link CoordinatorLink} on this verticle's event loop, over a
 * dial-out link or the clustered event bus, with Vert.x timers, running its tasks' {@code TaskPipeline} on a dedicated measuring thread (never on the event
 * loop).
 */
public final class Agent extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final AgentParts parts;
  private final ExecutorService measuring;
  private final Promise<Void> stopped = Promise.promise();
  private final Promise<String> lost = Promise.promise();
  private final URI dialOut;
  private CoordinatorLink link;
  private CoordinatorChannel channel;

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
    this(settings, runtime, monitor, outbox, metrics, null);
  }

  /**
   * @param dialOut the coordinator's URL to open a link to (with the settings' credential); null: the coordinator is
   *     on the event bus this agent is deployed on
   */
  public Agent(AgentSettings settings, Engines runtime, SystemMonitor monitor, Outbox outbox,
      AgentMetrics metrics, URI dialOut) {
    this.dialOut = dialOut;
    this.parts = AgentParts.build(settings, runtime, monitor, outbox, metrics);
    this.measuring = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "tierbench-measure-" + settings.agentId());
      thread.setDaemon(true);
      return thread;
    });
  }

  public AgentInfo info() {
    return parts.info();
  }

  @Override
  public Future<?> start() {
    channel = dialOut == null ? new EventBusChannel(vertx.eventBus())
        : new DialOutChannel(vertx, context, dialOut, parts.settings().trust());
    link = new CoordinatorLink(parts.settings(), parts.info(), parts.outbox(), parts.metrics(), channel,
        new VertxTicker(vertx), this::measure);
    link.lost().thenAccept(reason -> {
      channel.close();
      // A measurement in progress finishes first (its outcome is held); the next connection brings its own thread.
      measuring.shutdown();
      lost.tryComplete(reason);
    });
    link.stopped().thenRun(() -> {
      channel.close();
      measuring.shutdownNow();
      stopped.tryComplete();
    });
    AgentInfo info = parts.info();
    return Future.fromCompletionStage(link.start(), context).onFailure(e -> channel.close()).onSuccess(r -> LOG.info(
        "agent {} (tier {}, {}) registered with coordinator {}", info.agentId(), info.tier(), parts.engines(),
        r.coordinatorId()));
  }

  /**
   * Completes (with the reason) when this agent has given up on its cluster connection: the coordinator was
   * unreachable longer than rejoin-after. Its undelivered outcomes are in the outbox; join again and deploy a
   * new agent with that outbox.
   */
  public Future<String> lost() {
    return lost.future();
  }

  /** Whether the coordinator's last word was that it had no run: the connection lost is no fault then. */
  public boolean sweepOver() {
    return link != null && link.sweepOver();
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
    context.runOnContext(v -> link.shutdown(grace));
    return stopped.future();
  }

  @Override
  public Future<?> stop() {
    // Undeployed because its connection was given up: the outbox carries its work to the next connection.
    return lost.future().isComplete() ? Future.succeededFuture() : shutdown(parts.settings().shutdownGrace());
  }

  /** The link's task runner: the pipeline on the measuring thread, its outcome back on the event loop. */
  private CompletionStage<WireMessage> measure(ActiveTask task, String modelsUrl, ProgressListener listener) {
    CompletableFuture<WireMessage> outcome = new CompletableFuture<>();
    // A linked agent downloads from the address it dialled: the one the coordinator advertises may be behind NAT.
    String from = dialOut == null ? modelsUrl : dialOut.resolve("/models").toString();
    measuring.execute(() -> {
      WireMessage message = parts.pipeline().run(task, from, listener);
      context.runOnContext(v -> outcome.complete(message));
    });
    return outcome;
  }
}
