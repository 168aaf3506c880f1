package dev.tierbench.coordinator.http;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tierbench.coordinator.report.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * An answer other than 200, with its JSON body: {@code {"error": one line, ...}}. The line often repeats what
 * the client sent, so line breaks and other control characters in it (Unicode's too: C1 controls, line and
 * paragraph separators) become spaces, and it is cut at
 * {@link #LONGEST} characters: one error, one readable line.
 */
final class ApiError extends RuntimeException {

  static final int LONGEST = 1_000;

  final int status;
  final transient Map<String, Object> body;

  ApiError(int status, Map<String, Object> body) {
    super(oneLine(String.valueOf(body.get("error"))), null, false, false);
    this.status = status;
    this.body = new LinkedHashMap<>(body);
    this.body.put("error", getMessage());
  }

  /** A 400 for a query parameter out of its range. */
  static ApiError parameter(String message, String parameter, long min, long max) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("parameter", parameter);
    body.put("min", min);
    body.put("max", max);
    return new ApiError(400, body);
  }

  /** Answers the call with this error. */
  void send(RoutingContext ctx) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(Json.text(body));
  }

  static String oneLine(String text) {
    String line = text.replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]", " ");
    return line.length() <= LONGEST ? line : line.substring(0, LONGEST - 3) + "...";
  }
}
