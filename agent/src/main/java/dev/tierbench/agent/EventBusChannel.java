package dev.tierbench.agent;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import dev.tierbench.agent.link.CoordinatorChannel;
import dev.tierbench.agent.link.CoordinatorException;
import dev.tierbench.common.protocol.WireMessage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;

/** The coordinator over the (clustered) event bus; replies complete on the event loop of the caller. */
final class EventBusChannel implements CoordinatorChannel {

  private final EventBus bus;

  EventBusChannel(EventBus bus) {
    this.bus = bus;
  }

  @Override
  public CompletionStage<Object> request(String address, WireMessage message, Duration timeout) {
    return bus.request(address, message, new DeliveryOptions().setSendTimeout(timeout.toMillis()))
        .map(Message::body)
        .recover(e -> Future.failedFuture(failure(e)))
        .toCompletionStage();
  }

  @Override
  public void send(String address, WireMessage message) {
    bus.send(address, message);
  }

  private static CoordinatorException failure(Throwable e) {
    if (e instanceof ReplyException re) {
      return switch (re.failureType()) {
        case RECIPIENT_FAILURE -> CoordinatorException.refused(re.failureCode(), re.getMessage());
        case NO_HANDLERS -> CoordinatorException.unreachable("no coordinator is listening on the cluster");
        case TIMEOUT -> CoordinatorException.unreachable("the coordinator did not answer in time");
        default -> CoordinatorException.unreachable(re.getMessage());
      };
    }
    return CoordinatorException.unreachable(String.valueOf(e.getMessage()));
  }
}
