package dev.tierbench.agent;

import java.time.Duration;

import dev.tierbench.agent.link.Ticker;
import io.vertx.core.Vertx;

/** The system's clocks and Vert.x timers, which run their actions on the event loop that set them. */
final class VertxTicker implements Ticker {

  private final Vertx vertx;

  VertxTicker(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public long nanos() {
    return System.nanoTime();
  }

  @Override
  public long wallMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public Timer after(Duration delay, Runnable action) {
    long id = vertx.setTimer(millis(delay), t -> action.run());
    return () -> vertx.cancelTimer(id);
  }

  @Override
  public Timer every(Duration period, Runnable action) {
    long id = vertx.setPeriodic(millis(period), t -> action.run());
    return () -> vertx.cancelTimer(id);
  }

  /** Vert.x refuses delays under 1 ms. */
  private static long millis(Duration duration) {
    return Math.max(1, duration.toMillis());
  }
}
