package dev.tierbench.coordinator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;

import dev.tierbench.common.trust.ClientTrust;
import dev.tierbench.coordinator.trust.StateFolder;

/**
 * A test's HTTPS client for a coordinator started in another process: it trusts only the authority of that
 * coordinator's state folder, and asks as the operator, or anonymously.
 */
final class OperatorHttp {

  private final ClientTrust operator;
  private final HttpClient client;

  OperatorHttp(Path stateDir) throws Exception {
    operator = StateFolder.operatorTrust(stateDir);
    client = operator.httpClient(Duration.ofSeconds(10));
  }

  HttpResponse<String> get(String url) throws Exception {
    return client.send(operator.authorize(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Waits until {@code agent} holds a task, from the status API at {@code base}; returns the task's id. Every poll
   * must be answered 200: the API listens before the coordinator says it is up, so an error is a failure.
   */
  String awaitBusy(String base, String agent, JvmProcesses jvms) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> status = get(base + "/api/status");
      assertEquals(200, status.statusCode(), status.body());
      for (Object a : new JsonObject(status.body()).getJsonArray("agents")) {
        JsonObject agentStatus = (JsonObject) a;
        if (agentStatus.getString("id").equals(agent) && agentStatus.getString("task") != null) {
          return agentStatus.getString("task");
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(agent + " never took a task:\n" + jvms.allLogs());
  }

  HttpResponse<String> anonymous(String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
