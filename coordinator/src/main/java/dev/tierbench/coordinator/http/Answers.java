package dev.tierbench.coordinator.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tierbench.coordinator.analysis.Cancellation;
import dev.tierbench.coordinator.analysis.CancelledException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers API calls from worker threads, never the event loop, and keeps each call's work bounded: a call
 * whose client goes away is cancelled, and one still running at the deadline is cancelled and answered 503,
 * so a worker is never kept busy for no one. {@code tierbench_api_calls_running} counts calls on a worker, and
 * {@code tierbench_api_calls_total} how they ended (outcome answered, refused, cancelled, overdue or failed).
 */
final class Answers {

  private static final String GONE = "the client went away";
  private static final String OVERDUE = "overdue";

  private final Vertx vertx;
  private final Duration deadline;
  private final MeterRegistry registry;
  private final AtomicInteger running = new AtomicInteger();

  Answers(Vertx vertx, Duration deadline, MeterRegistry registry) {
    if (deadline.isZero() || deadline.isNegative()) {
      throw new IllegalArgumentException("the API's deadline must be positive, got " + deadline);
    }
    this.vertx = vertx;
    this.deadline = deadline;
    this.registry = registry;
    Gauge.builder("tierbench_api_calls_running", running, AtomicInteger::get)
        .description("Runs API calls being worked on").register(registry);
  }

  /** Answers with the text {@code call} returns, of {@code contentType}; an {@link ApiError} as its JSON. */
  void answer(RoutingContext ctx, String contentType, Callable<String> call) {
    Cancellation cancellation = new Cancellation();
    ctx.response().closeHandler(v -> cancellation.cancel(GONE));
    long timer = vertx.setTimer(deadline.toMillis(), id -> {
      cancellation.cancel(OVERDUE);
      respond(ctx, new ApiError(503, Map.of("error", "the answer took longer than " + deadline.toMillis()
          + " ms and was stopped; ask for fewer draws")));
    });
    vertx.executeBlocking(() -> {
      running.incrementAndGet();
      try {
        return cancellation.run(call);
      } finally {
        running.decrementAndGet();
      }
    }, false).onComplete(result -> {
      vertx.cancelTimer(timer);
      count(result);
      if (!open(ctx)) {
        return;
      }
      if (result.succeeded()) {
        ctx.response().putHeader("content-type", contentType).end(result.result());
      } else if (result.cause() instanceof ApiError api) {
        api.send(ctx);
      } else {
        new ApiError(500, Map.of("error", String.valueOf(result.cause()))).send(ctx);
      }
    });
  }

  private void count(AsyncResult<String> result) {
    String outcome = result.succeeded() ? "answered" : result.cause() instanceof ApiError ? "refused"
        : result.cause() instanceof CancelledException c ? (c.getMessage().equals(OVERDUE) ? "overdue" : "cancelled")
        : "failed";
    Counter.builder("tierbench_api_calls_total").description("Runs API calls by how they ended")
        .tag("outcome", outcome).register(registry).increment();
  }

  private static void respond(RoutingContext ctx, ApiError error) {
    if (open(ctx)) {
      error.send(ctx);
    }
  }

  /** Whether the call still awaits its answer: the deadline may have answered it, or the client gone. */
  private static boolean open(RoutingContext ctx) {
    return !ctx.response().ended() && !ctx.response().closed();
  }
}
