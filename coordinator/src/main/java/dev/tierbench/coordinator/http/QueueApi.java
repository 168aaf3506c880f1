package dev.tierbench.coordinator.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.tierbench.common.sweep.Sweep;
import dev.tierbench.common.yaml.YamlException;
import dev.tierbench.coordinator.plan.PlanPreview;
import dev.tierbench.coordinator.queue.QueuedRun;
import dev.tierbench.coordinator.queue.RunService;
import dev.tierbench.coordinator.submit.Submission;
import dev.tierbench.coordinator.submit.SweepReads;
import dev.tierbench.coordinator.trust.Access.Caller;
import dev.tierbench.coordinator.trust.Access.Role;
import dev.tierbench.coordinator.upload.BlobStore;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The coordinator as a service: {@code POST /api/runs} submits a sweep whose files were uploaded before (refused
 * with the sweep's file:line:col, the plan's size or the files still missing, before anything is queued),
 * {@code GET /api/queue[/ID]} lists the runs submitted, {@code POST /api/runs/ID/cancel} cancels one. A submitter
 * cancels their own runs; the operator any. {@code POST /api/runs/inputs} answers the paths a sweep reads (or where
 * it is wrong), so that a browser, which cannot open them by path, knows which files to ask its user for.
 */
final class QueueApi {

  static final String INPUTS = "/api/runs/inputs";
  /** A sweep of at most 256 KiB and a manifest of many files, with room for JSON's escapes. */
  private static final long LARGEST_BODY = 16L << 20;

  private final Answers answers;
  private final RunService service;
  private final BlobStore blobs;
  private final Function<PlanPreview, Optional<String>> limits;

  /** @param limits why a plan is too big to be run here, if it is (the coordinator's plan limits) */
  QueueApi(Answers answers, RunService service, BlobStore blobs, Function<PlanPreview, Optional<String>> limits) {
    this.answers = answers;
    this.service = service;
    this.blobs = blobs;
    this.limits = limits;
  }

  void mount(Router router) {
    router.post("/api/runs").handler(BodyHandler.create(false).setBodyLimit(LARGEST_BODY))
        .handler(ctx -> answer(ctx, () -> submit(ctx, Gate.caller(ctx))));
    router.post(INPUTS).handler(BodyHandler.create(false).setBodyLimit(LARGEST_BODY))
        .handler(ctx -> answer(ctx, () -> reads(submission(ctx))));
    router.get("/api/queue").handler(ctx -> answer(ctx, () -> new JsonArray(service.runs().stream()
        .map(this::json).toList())));
    router.get("/api/queue/:id").handler(ctx -> answer(ctx, () -> json(queued(ctx.pathParam("id")))));
    router.post("/api/runs/:id/cancel").handler(ctx -> answer(ctx, () -> cancel(ctx.pathParam("id"),
        Gate.caller(ctx))));
  }

  private Submission submission(RoutingContext ctx) {
    try {
      return Submission.fromJson(ctx.body().asJsonObject(), blobs.limit());
    } catch (DecodeException | ClassCastException e) {
      throw error(400, "the body must be a JSON object: {\"sweep\": text, \"file\": name, \"priority\": n,"
          + " \"inputs\": manifest}");
    } catch (IllegalArgumentException | NullPointerException e) {
      throw error(400, String.valueOf(e.getMessage()));
    }
  }

  /** The paths the sweep reads, each {@code {written, relative, folder, what}}, or its file:line:col problems. */
  private static JsonArray reads(Submission submission) {
    try {
      return new JsonArray(SweepReads.of(submission.parse()).stream().map(r -> new JsonObject()
          .put("written", r.written()).put("relative", r.relative()).put("folder", r.folder()).put("what", r.what()))
          .toList());
    } catch (YamlException e) {
      throw error(400, e.getMessage());
    }
  }

  private JsonObject submit(RoutingContext ctx, Caller caller) throws Exception {
    Submission submission = submission(ctx);
    String name;
    try {
      Sweep sweep = submission.parse();
      name = sweep.name();
      Optional<String> refusal = limits.apply(PlanPreview.of(sweep));
      if (refusal.isPresent()) {
        throw error(400, refusal.get());
      }
    } catch (YamlException e) {
      throw error(400, e.getMessage());
    }
    var missing = submission.missing(blobs);
    if (!missing.isEmpty()) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", missing.size() + " file(s) the sweep reads were not uploaded: " + String.join(", ", missing));
      body.put("missing", missing);
      throw new ApiError(409, body);
    }
    QueuedRun run = service.submit(name, caller.name(), submission.priority(), submission::writeInto);
    return json(run);
  }

  private JsonObject cancel(String id, Caller caller) {
    QueuedRun run = queued(id);
    if (caller.role() != Role.OPERATOR && !run.submitter().equals(caller.name())) {
      throw error(403, "run " + id + " was submitted by " + run.submitter() + ": only they or the operator may cancel"
          + " it");
    }
    return json(service.cancel(id, caller.name()).orElseThrow());
  }

  private QueuedRun queued(String id) {
    return service.run(id).orElseThrow(() -> error(404, "no run " + id + " was submitted here"));
  }

  private JsonObject json(QueuedRun run) {
    return new JsonObject().put("id", run.id()).put("sweep", run.sweep()).put("submitter", run.submitter())
        .put("priority", run.priority()).put("status", run.status().name())
        .put("submittedAt", run.submittedAt().toString())
        .put("startedAt", run.startedAt() == null ? null : run.startedAt().toString())
        .put("endedAt", run.endedAt() == null ? null : run.endedAt().toString()).put("reason", run.reason())
        .put("preparation", service.preparation(run.id()).orElse(null));
  }

  private static ApiError error(int status, String message) {
    return new ApiError(status, Map.of("error", message));
  }

  private void answer(RoutingContext ctx, java.util.concurrent.Callable<Object> call) {
    answers.answer(ctx, "application/json", () -> {
      Object answer = call.call();
      return answer instanceof JsonObject o ? o.encode() : ((JsonArray) answer).encode();
    });
  }
}
