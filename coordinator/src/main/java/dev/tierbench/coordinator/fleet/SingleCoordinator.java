package dev.tierbench.coordinator.fleet;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.common.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Two coordinators in one cluster would share the agents' messages round-robin and each see half a run: before it
 * listens, a coordinator asks whether anyone answers on the coordinator's address.
 */
public final class SingleCoordinator {

  private static final Logger LOG = LoggerFactory.getLogger(SingleCoordinator.class);

  private SingleCoordinator() {}

  /** Succeeds when no other coordinator answers within {@code timeout}; fails saying what to do when one does. */
  public static Future<Void> refuseASecond(EventBus bus, Duration timeout) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    return bus.request(Addresses.REGISTER, "is another coordinator here?", options).transform(answer -> {
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
}
