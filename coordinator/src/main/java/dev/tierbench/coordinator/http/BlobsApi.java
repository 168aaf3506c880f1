package dev.tierbench.coordinator.http;

import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tierbench.coordinator.upload.BlobStore;
import dev.tierbench.coordinator.upload.Sha256;
import dev.tierbench.coordinator.upload.UploadException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Uploads of a submitted sweep's files, by sha256, resumable: {@code HEAD /api/blobs/SHA} answers 200 with the
 * blob's {@code Content-Length} when it is here whole, else 404 with the {@code Upload-Offset} to resume from;
 * {@code PUT /api/blobs/SHA} with {@code Upload-Offset} and {@code Upload-Length} appends its body from there and
 * answers 201 once the blob is whole and checked, else 204 with the offset reached. The body streams to disk from
 * a worker thread; the headers are checked before any of it is read (a client sending
 * {@code Expect: 100-continue} sends none of a refused body).
 */
final class BlobsApi {

  static final String PATH = "/api/blobs/";
  static final String OFFSET = "Upload-Offset";
  static final String LENGTH = "Upload-Length";
  /** How long an upload may stall before its worker gives up on it and keeps what came. */
  private static final Duration IDLE = Duration.ofSeconds(60);

  private final Vertx vertx;
  private final BlobStore store;

  BlobsApi(Vertx vertx, BlobStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  void mount(Router router) {
    router.head(PATH + ":sha256").handler(this::head);
    router.put(PATH + ":sha256").handler(this::put);
  }

  /** What a HEAD finds: the whole blob's size, or how far its upload got. */
  private record Held(boolean whole, long bytes) {}

  private void head(RoutingContext ctx) {
    String sha256 = ctx.pathParam("sha256");
    vertx.executeBlocking(() -> {
      Sha256.require(sha256);
      return store.has(sha256) ? new Held(true, Files.size(store.path(sha256)))
          : new Held(false, store.offset(sha256));
    }, false).onComplete(result -> {
      if (result.failed()) {
        refuse(ctx, result.cause());
      } else if (result.result().whole()) {
        ctx.response().putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(result.result().bytes())).end();
      } else {
        ctx.response().putHeader(OFFSET, String.valueOf(result.result().bytes()));
        new ApiError(404, Map.of("error", "blob " + sha256 + " is not here whole")).send(ctx);
      }
    });
  }

  private void put(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String sha256 = ctx.pathParam("sha256");
    long offset;
    long length;
    try {
      Sha256.require(sha256);
      offset = header(request, OFFSET);
      length = header(request, LENGTH);
      if (length > store.limit()) {
        throw new UploadException(413, "a blob of " + length + " bytes is over this coordinator's upload limit of "
            + store.limit() + " bytes (max-upload)");
      }
    } catch (UploadException e) {
      refuse(ctx, e);
      return;
    }
    if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
      ctx.response().writeContinue();
    }
    StreamedBody body = new StreamedBody(request, vertx.getOrCreateContext(), IDLE);
    vertx.executeBlocking(() -> store.append(sha256, length, offset, body), false).onComplete(result -> {
      if (result.failed()) {
        refuse(ctx, result.cause());
      } else if (result.result() == length) {
        ctx.response().setStatusCode(201).end();
      } else {
        ctx.response().setStatusCode(204).putHeader(OFFSET, String.valueOf(result.result())).end();
      }
    });
  }

  /** A header holding a count of bytes. @throws UploadException 400 for a missing one or anything but digits */
  private static long header(HttpServerRequest request, String name) {
    String value = request.getHeader(name);
    if (value == null || !value.matches("[0-9]{1,18}")) {
      throw new UploadException(400, "header " + name + " must be a count of bytes (0 to 10^18), got "
          + (value == null ? "none" : "'" + value + "'"));
    }
    return Long.parseLong(value);
  }

  /** An upload's refusal as JSON; the request's unread body, if any, goes with the connection. */
  private static void refuse(RoutingContext ctx, Throwable cause) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    if (!ctx.request().isEnded()) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
    if (cause instanceof UploadException refused) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", refused.getMessage());
      if (refused.offset() >= 0) {
        ctx.response().putHeader(OFFSET, String.valueOf(refused.offset()));
        body.put("offset", refused.offset());
      }
      new ApiError(refused.status(), body).send(ctx);
    } else {
      new ApiError(500, Map.of("error", "the upload could not be stored: " + cause)).send(ctx);
    }
  }
}
