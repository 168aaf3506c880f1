package dev.tierbench.coordinator.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import dev.tierbench.common.cli.UserException;
import dev.tierbench.common.trust.ClientTrust;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A coordinator's API as a person's commands use it: JSON over HTTPS with their credential ({@link CallerTrust}),
 * each refusal or failure one line naming the address and what the coordinator said.
 */
final class CoordinatorClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final CallerTrust caller;
  private final ClientTrust trust;
  private final HttpClient http;

  /** @param coordinator its address, https://HOST:PORT */
  CoordinatorClient(String coordinator, CallerTrust caller) {
    this.base = URI.create(coordinator.strip().replaceAll("/+$", ""));
    this.caller = caller;
    this.trust = caller.read();
    this.http = trust.httpClient(Duration.ofSeconds(10));
  }

  /** The coordinator's address, without a trailing slash. */
  URI base() {
    return base;
  }

  /** The HTTP client and credential, for what streams more than JSON (uploads). */
  HttpClient http() {
    return http;
  }

  ClientTrust trust() {
    return trust;
  }

  JsonObject getObject(String path) {
    return parse(path, send(path, request(path).GET()), JsonObject::new);
  }

  JsonArray getArray(String path) {
    return parse(path, send(path, request(path).GET()), JsonArray::new);
  }

  JsonObject post(String path, JsonObject body) {
    return parse(path, send(path, request(path).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()))), JsonObject::new);
  }

  /** Saves what {@code path} answers into {@code to}, whole or not at all. */
  void download(String path, Path to) {
    String body = send(path, request(path).GET());
    try {
      Path partial = to.resolveSibling(to.getFileName() + ".part");
      Files.writeString(partial, body);
      Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UserException("cannot write " + to + ": " + e.getMessage(), e);
    }
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private HttpRequest.Builder request(String path) {
    return trust.authorize(HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT));
  }

  private String send(String path, HttpRequest.Builder request) {
    URI uri = uri(path);
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UserException("cannot reach the coordinator at " + uri + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted");
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return response.body();
    }
    String said = errorLine(response.body());
    if (status == 401 || status == 403) {
      throw caller.refused(uri, status);
    }
    throw new UserException(uri + ": HTTP " + status + (said.isEmpty() ? "" : ": " + said));
  }

  /** The API's one-line error, from its JSON body. */
  private static String errorLine(String body) {
    try {
      return new JsonObject(body).getString("error", "");
    } catch (DecodeException | ClassCastException e) {
      return "";
    }
  }

  private static <T> T parse(String path, String body, java.util.function.Function<String, T> json) {
    try {
      return json.apply(body);
    } catch (DecodeException e) {
      throw new UserException(path + " did not answer JSON: " + e.getMessage(), e);
    }
  }
}
