package dev.tierbench.coordinator.http;

import dev.tierbench.common.io.Loopback;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tierbench.common.metrics.Monitoring;
import dev.tierbench.coordinator.trust.Access;
import dev.tierbench.coordinator.trust.Access.Role;
import dev.tierbench.coordinator.plan.PlanPreview;
import dev.tierbench.coordinator.queue.RunService;
import dev.tierbench.coordinator.upload.BlobStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The coordinator's HTTP side: model files by sha256 for agents (blobs never travel on the event bus), the
 * status API for people and {@code tierbench status}, the runs API, the live page and Prometheus metrics. Every
 * request but {@code /health} needs a credential (see {@link Gate}): agents download with their own, Prometheus
 * scrapes with the scrape token, people read or submit with theirs, and everything else takes the operator token.
 * Over TLS unless it listens on loopback only.
 */
public final class CoordinatorHttp {

  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorHttp.class);

  private final Vertx vertx;
  private final Answers answers;
  private final BlobStore blobs;
  private final Router router;
  private final HttpTls tls;
  private final Gate gate;
  private HttpServer server;

  /**
   * @param models the file of a model by its sha256, or null if this coordinator does not serve it
   * @param datasets the same for evaluation sets
   * @param status the current status snapshot; called on the caller's event loop
   * @param runsDir where stored runs are
   * @param apiDeadline how long a runs API call may work before it is stopped and answered 503
   * @param activeFolder the folder of the run in progress if it has this id, else null
   * @param monitoring what /metrics serves, after {@code beforeScrape} has brought its gauges up to date
   * @param access who presents which secret (the state folder's)
   * @param tls the server's certificate, or null for plain HTTP, which {@link #listen} allows on loopback only
   * @param blobs where submitted sweeps' files are uploaded to, or null if this server takes none
   */
  public CoordinatorHttp(Vertx vertx, Function<String, Path> models, Function<String, Path> datasets,
      Supplier<JsonObject> status, Path runsDir, Duration apiDeadline,
      Function<String, Path> activeFolder, Monitoring monitoring, Runnable beforeScrape, Access access, HttpTls tls,
      BlobStore blobs) {
    this.vertx = vertx;
    this.router = Router.router(vertx);
    this.tls = tls;
    BrowserLogin login = new BrowserLogin(access, tls != null);
    this.gate = new Gate(access, login, new Refusals(LOG::warn, System::nanoTime));
    // First, so that no handler reads a path or query that does not decode.
    router.route().handler(ctx -> RequestTarget.problem(ctx.request()).ifPresentOrElse(p -> refuse(ctx, 400, p),
        ctx::next));
    // Open to all: a load balancer's or a supervisor's probe holds no credential, and the answer tells nothing.
    router.get("/health").handler(ctx -> ctx.response().putHeader("content-type", "text/plain").end("ok\n"));
    login.mount(router);
    gate.allowUnder("/models/", Role.AGENT, Role.OPERATOR);
    gate.allowUnder("/datasets/", Role.AGENT, Role.OPERATOR);
    gate.allow("/metrics", "", Role.SCRAPE, Role.OPERATOR);
    gate.allow(AgentEnrolment.PATH, "", Role.JOIN, Role.OPERATOR);
    people(gate);
    // Everything after this needs a credential; a path no rule names takes the operator.
    router.route().handler(gate);
    AgentEnrolment.mount(router, vertx, access);
    files("model", "/models/:sha256", models);
    files("evaluation set", "/datasets/:sha256", datasets);
    router.get("/api/status").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
        .end(status.get().encodePrettily()));
    router.get("/api/agents").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
        .end(status.get().getJsonArray("agents").encodePrettily()));
    this.answers = new Answers(vertx, apiDeadline, monitoring.registry());
    this.blobs = blobs;
    new RunsApi(answers, runsDir, activeFolder).mount(router);
    if (blobs != null) {
      new BlobsApi(vertx, blobs).mount(router);
    }
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
  }

  /**
   * What people may do, all in one place: look (the live page, and every GET or HEAD of the API) with a read or
   * submit credential; submit a run (and ask which files its sweep reads), upload its blobs and cancel a run with a
   * submit credential. Anything else stays the operator's, and a path named exactly by another rule (agent
   * enrolment) keeps that rule.
   */
  private static void people(Gate gate) {
    Set<HttpMethod> look = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    gate.allow(look, "/", Role.READ, Role.SUBMIT, Role.OPERATOR);
    gate.allowUnder(look, "/assets/", Role.READ, Role.SUBMIT, Role.OPERATOR);
    gate.allowUnder(look, "/api/", Role.READ, Role.SUBMIT, Role.OPERATOR);
    gate.allow(Set.of(HttpMethod.POST), "/api/runs", Role.SUBMIT, Role.OPERATOR);
    gate.allow(Set.of(HttpMethod.POST), QueueApi.INPUTS, Role.SUBMIT, Role.OPERATOR);
    gate.allow(Set.of(HttpMethod.POST), "/api/runs/:id/cancel", Role.SUBMIT, Role.OPERATOR);
    gate.allowUnder(Set.of(HttpMethod.PUT), BlobsApi.PATH, Role.SUBMIT, Role.OPERATOR);
  }

  /**
   * Takes submitted runs into {@code service}'s queue ({@code POST /api/runs}, {@code GET /api/queue}, cancelling),
   * refusing those whose plan {@code limits} says is too big; their files come through the blob uploads.
   */
  public void queue(RunService service, Function<PlanPreview, Optional<String>> limits) {
    if (blobs == null) {
      throw new IllegalStateException("a queue needs the blob uploads its sweeps' files come through");
    }
    new QueueApi(answers, service, blobs, limits).mount(router);
  }

  /**
   * Serves the agents' link at {@code path}: a WebSocket for an agent holding its credential; any other caller is
   * refused as every request is, before the upgrade. The operator token too: a link speaks for the one agent its
   * credential names, and the operator's names none. The handler gets the open socket and who opened it.
   */
  public void agentLink(String path, BiConsumer<Access.Caller, ServerWebSocket> handler) {
    gate.allow(path, "agent link", Role.AGENT);
    router.get(path).handler(ctx -> {
      Access.Caller caller = Gate.caller(ctx);
      ctx.request().toWebSocket().onSuccess(socket -> handler.accept(caller, socket))
          .onFailure(e -> LOG.warn("agent link from {} ({}) not opened: {}", ctx.request().remoteAddress(),
              caller.name(), e.toString()));
    });
  }

  /** What the router itself refuses (no such path, a method a path does not take) is JSON like the API's errors. */
  private void jsonErrors() {
    router.errorHandler(404, ctx -> refuse(ctx, 404, "no such path: " + ctx.request().path() + " (the API is under"
        + " /api/runs, /api/status and /api/agents)"));
    router.errorHandler(405, ctx -> refuse(ctx, 405, ctx.request().method() + " is not served on "
        + ctx.request().path() + ": use " + allowed(ctx.request().path())));
    // The router refuses a path with a malformed escape before any handler runs, and a request without Host.
    router.errorHandler(400, ctx -> refuse(ctx, 400, RequestTarget.problem(ctx.request())
        .orElse(ctx.failure() == null ? "bad request" : String.valueOf(ctx.failure().getMessage()))));
  }

  private static String allowed(String path) {
    return path.equals(AgentEnrolment.PATH) ? "POST" : path.startsWith(BlobsApi.PATH) ? "HEAD or PUT" : "GET";
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
   *
   * @throws IllegalArgumentException for plain HTTP anywhere but on loopback: tokens would cross the network in
   *     clear
   */
  /** The largest message an agent link takes, as large as the agents' own limit. */
  private static final int MAX_LINK_MESSAGE_BYTES = 16 << 20;

  public Future<Integer> listen(String host, int port) {
    if (tls == null && !Loopback.is(host)) {
      throw new IllegalArgumentException("refusing to serve plain HTTP on " + (host.isBlank() ? "every interface"
          : host) + ": tokens would cross the network in clear; serve TLS (the state folder's certificate) or"
          + " listen on 127.0.0.1");
    }
    // An agent link carries whole results (histograms, profiles, per-sample evaluations) in one message.
    HttpServerOptions options = new HttpServerOptions().setMaxWebSocketMessageSize(MAX_LINK_MESSAGE_BYTES)
        .setMaxWebSocketFrameSize(1 << 20);
    if (tls != null) {
      options.setSsl(true).setKeyCertOptions(tls.pemOptions());
    }
    HttpServer listening = vertx.createHttpServer(options).requestHandler(router);
    return (host.isBlank() ? listening.listen(port) : listening.listen(port, host)).map(s -> {
      server = s;
      return s.actualPort();
    });
  }

  public int port() {
    return server.actualPort();
  }

  /** "https", or "http" on loopback without TLS: what agents' and people's URLs for this server start with. */
  public String scheme() {
    return tls == null ? "http" : "https";
  }
}
