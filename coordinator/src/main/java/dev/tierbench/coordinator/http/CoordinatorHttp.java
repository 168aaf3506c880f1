package dev.tierbench.coordinator.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.tierbench.common.metrics.Monitoring;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The coordinator's HTTP side: model files by sha256 for agents (blobs never travel on the event bus), the
 * status API for people and {@code tierbench status}, the runs API, the live page and Prometheus metrics.
 */
public final class CoordinatorHttp {

  private final Vertx vertx;
  private final Router router;
  private HttpServer server;

  /**
   * @param models the file of a model by its sha256, or null if this coordinator does not serve it
   * @param datasets the same for evaluation sets
   * @param status the current status snapshot; called on the caller's event loop
   * @param runsDir where stored runs are
   * @param apiDeadline how long a runs API call may work before it is stopped and answered 503
   * @param activeFolder the folder of the run in progress if it has this id, else null
   * @param monitoring what /metrics serves, after {@code beforeScrape} has brought its gauges up to date
   */
  public CoordinatorHttp(Vertx vertx, Function<String, Path> models, Function<String, Path> datasets,
      Supplier<JsonObject> status, Path runsDir, Duration apiDeadline,
      Function<String, Path> activeFolder, Monitoring monitoring, Runnable beforeScrape) {
    this.vertx = vertx;
    this.router = Router.router(vertx);
    // First, so that no handler reads a path or query that does not decode.
    router.route().handler(ctx -> RequestTarget.problem(ctx.request()).ifPresentOrElse(p -> refuse(ctx, 400, p),
        ctx::next));
    files("model", "/models/:sha256", models);
    files("evaluation set", "/datasets/:sha256", datasets);
    router.get("/api/status").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
        .end(status.get().encodePrettily()));
    router.get("/api/agents").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
        .end(status.get().getJsonArray("agents").encodePrettily()));
    new RunsApi(new Answers(vertx, apiDeadline, monitoring.registry()), runsDir, activeFolder).mount(router);
    WebPages.mount(router);
    router.get("/metrics").handler(ctx -> {
      try {
        beforeScrape.run();
      } catch (RuntimeException e) {
        // A scrape while the coordinator stops must not fail it: serve what the registry has.
      }
      monitoring.respond(ctx.response());
    });
    jsonErrors();
    router.get("/health").handler(ctx -> ctx.response().putHeader("content-type", "text/plain").end("ok\n"));
  }

  /** What the router itself refuses (no such path, a method a path does not take) is JSON like the API's errors. */
  private void jsonErrors() {
    router.errorHandler(404, ctx -> refuse(ctx, 404, "no such path: " + ctx.request().path() + " (the API is under"
        + " /api/runs, /api/status and /api/agents)"));
    router.errorHandler(405, ctx -> refuse(ctx, 405, ctx.request().method() + " is not served on "
        + ctx.request().path() + ": use GET"));
    // The router refuses a path with a malformed escape before any handler runs, and a request without Host.
    router.errorHandler(400, ctx -> refuse(ctx, 400, RequestTarget.problem(ctx.request())
        .orElse(ctx.failure() == null ? "bad request" : String.valueOf(ctx.failure().getMessage()))));
  }

  private static void refuse(RoutingContext ctx, int status, String error) {
    new ApiError(status, Map.of("error", error)).send(ctx);
  }

  /**
   * Serves files by sha256 (blobs never travel on the event bus); 404 for one this coordinator does not hold, in
   * JSON like every error, so what was asked is repeated on one line.
   */
  private void files(String kind, String path, Function<String, Path> bySha256) {
    router.get(path).handler(ctx -> {
      String sha256 = ctx.pathParam("sha256");
      Path file = bySha256.apply(sha256);
      if (file == null) {
        refuse(ctx, 404, "no " + kind + " with sha256 " + sha256 + " is served here");
        return;
      }
      ctx.response().putHeader("content-type", "application/octet-stream").sendFile(file.toString());
    });
  }

  /**
   * Listens on {@code port} (0: any free port) of {@code host}, or of every interface when it is blank; completes
   * with the bound port.
   */
  public Future<Integer> listen(String host, int port) {
    HttpServer listening = vertx.createHttpServer().requestHandler(router);
    return (host.isBlank() ? listening.listen(port) : listening.listen(port, host)).map(s -> {
      server = s;
      return s.actualPort();
    });
  }

  public int port() {
    return server.actualPort();
  }
}
