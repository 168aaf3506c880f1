package dev.tierbench.agent.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.tierbench.common.protocol.WireMessage;

/**
 * A coordinator in memory, on a {@link ManualTicker}: it answers the addresses it was told to at once, holds other
 * requests until the test answers them, and lets unanswered requests time out as the event bus would. While down, every
 * request fails at once as when no coordinator listens on the cluster.
 */
final class InMemoryCoordinator implements CoordinatorChannel {

  /** One request as the agent made it, and when. */
  record Request(String address, WireMessage message, long atMillis, CompletableFuture<Object> reply) {
    void answer(Object body) {
      if (!reply.complete(body)) {
        throw new IllegalStateException("already answered or timed out: " + this);
      }
    }

    void refuse(int code, String why) {
      if (!reply.completeExceptionally(CoordinatorException.refused(code, why))) {
        throw new IllegalStateException("already answered or timed out: " + this);
      }
    }
  }

  private final ManualTicker ticker;
  private final Map<String, Function<WireMessage, Object>> answers = new HashMap<>();
  private final List<Request> requests = new ArrayList<>();
  private final List<WireMessage> told = new CopyOnWriteArrayList<>();
  private boolean down;

  InMemoryCoordinator(ManualTicker ticker) {
    this.ticker = ticker;
  }

  /** Answers requests to {@code address} at once, while up. */
  void answer(String address, Function<WireMessage, Object> answer) {
    answers.put(address, answer);
  }

  /** Holds requests to {@code address} until the test answers them. */
  void hold(String address) {
    answers.remove(address);
  }

  void down() {
    down = true;
  }

  void up() {
    down = false;
  }

  /** The address of every request made, oldest first. */
  List<String> addresses() {
    return requests.stream().map(Request::address).toList();
  }

  /** Every request made to {@code address}, answered or not, oldest first. */
  List<Request> requests(String address) {
    return requests.stream().filter(r -> r.address().equals(address)).toList();
  }

  /** The oldest request to {@code address} still waiting for an answer. */
  Request waiting(String address) {
    return requests(address).stream().filter(r -> !r.reply().isDone()).findFirst()
        .orElseThrow(() -> new AssertionError("no request waits at " + address + "; all: " + requests));
  }

  /** What was sent fire and forget (progress, telemetry). */
  List<WireMessage> told() {
    return told;
  }

  @Override
  public CompletionStage<Object> request(String address, WireMessage message, Duration timeout) {
    Request request = new Request(address, message, ticker.millis(), new CompletableFuture<>());
    requests.add(request);
    if (down) {
      request.reply().completeExceptionally(
          CoordinatorException.unreachable("no coordinator is listening on the cluster"));
    } else if (answers.containsKey(address)) {
      request.reply().complete(answers.get(address).apply(message));
    } else {
      ticker.after(timeout, () -> request.reply().completeExceptionally(
          CoordinatorException.unreachable("the coordinator did not answer in time")));
    }
    return request.reply();
  }

  @Override
  public void send(String address, WireMessage message) {
    told.add(message);
  }
}
