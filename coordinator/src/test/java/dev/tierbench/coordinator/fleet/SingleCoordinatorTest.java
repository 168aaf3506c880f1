package dev.tierbench.coordinator.fleet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tierbench.common.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

class SingleCoordinatorTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Throwable outcome(Future<Void> probe) throws Exception {
    try {
      probe.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void aBusWithoutACoordinatorLetsOneStart() throws Exception {
    assertTrue(outcome(SingleCoordinator.refuseASecond(vertx.eventBus(), Duration.ofSeconds(5))) == null);
  }

  @Test
  void aCoordinatorThatAnswersKeepsASecondOut() throws Exception {
    vertx.eventBus().consumer(Addresses.REGISTER, m -> m.reply("here"));
    Throwable refused = outcome(SingleCoordinator.refuseASecond(vertx.eventBus(), Duration.ofSeconds(5)));
    assertTrue(refused != null && refused.getMessage().contains("another tierbench coordinator is already in this"
        + " cluster"), String.valueOf(refused));
  }

  @Test
  void aListenerThatNeverAnswersDoesNotBlockTheStart() throws Exception {
    vertx.eventBus().consumer(Addresses.REGISTER, m -> { });
    assertTrue(outcome(SingleCoordinator.refuseASecond(vertx.eventBus(), Duration.ofMillis(200))) == null);
  }
}
