package dev.tierbench.common.cli;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;

/** Waits for a Vert.x future from a plain (non event-loop) thread, as the command-line entry points do. */
public final class Await {

  private Await() {}

  /** @throws UserException saying {@code what} failed, and why, in one line */
  public static <T> T await(Future<T> future, Duration timeout, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new UserException(what + ": no answer within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException(what + ": interrupted");
    } catch (ExecutionException e) {
      Throwable cause = Cli.unwrap(e);
      if (cause instanceof UserException user) {
        throw user;
      }
      throw new UserException(what + ": " + cause.getMessage(), cause);
    }
  }
}
