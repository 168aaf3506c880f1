package dev.tierbench.coordinator.http;

import static dev.tierbench.coordinator.http.SecuredHttp.MODEL_SHA256;
import static dev.tierbench.coordinator.http.SecuredHttp.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.common.trust.JoinToken;
import dev.tierbench.coordinator.trust.Access.Role;
import dev.tierbench.coordinator.trust.StateFolder;

/**
 * What people with their own credentials may ask, by method and path, over TLS with a real state folder. Routes
 * others are still building (submitting, uploading, cancelling) answer 404 or 405 once past the gate: passing is
 * anything but 401 and 403.
 */
class PeopleAccessTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private SecuredHttp server;
  private String reader;
  private String submitter;

  @BeforeEach
  void start() throws Exception {
    server = new SecuredHttp(dir, true);
    reader = StateFolder.userCredentials(server.state.dir()).add("bob", Role.READ);
    submitter = StateFolder.userCredentials(server.state.dir()).add("alice", Role.SUBMIT);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void readLooksSubmitAlsoSubmitsAndTheRestStaysTheOperators() throws Exception {
    // Who passes (1) or gets 403 (0), as read, submit, operator.
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("GET /", "111");
    requests.put("GET /assets/live.js", "111");
    requests.put("GET /api/status", "111");
    requests.put("GET /api/agents", "111");
    requests.put("GET /api/runs", "111");
    requests.put("GET /api/runs/r1/report", "111");
    requests.put("HEAD /api/runs", "111");
    requests.put("HEAD /api/blobs/" + MODEL_SHA256, "111");
    requests.put("POST /api/runs", "011");
    requests.put("POST /api/runs/inputs", "011");
    requests.put("PUT /api/blobs/" + MODEL_SHA256, "011");
    requests.put("POST /api/runs/r1/cancel", "011");
    requests.put("POST /api/runs/r1/x/cancel", "001");
    requests.put("POST /api/runs/r1", "001");
    requests.put("DELETE /api/runs/r1", "001");
    requests.put("PUT /api/runs", "001");
    requests.put("POST /", "001");
    requests.put("GET /metrics", "001");
    requests.put("GET /models/" + MODEL_SHA256, "001");
    requests.put("GET " + AgentEnrolment.PATH, "001");
    requests.put("POST " + AgentEnrolment.PATH, "001");
    requests.put("GET /agents/link", "001");
    List<String> secrets = List.of(reader, submitter, server.state.operatorToken());
    for (Map.Entry<String, String> request : requests.entrySet()) {
      String[] line = request.getKey().split(" ", 2);
      StringBuilder got = new StringBuilder();
      for (String secret : secrets) {
        HttpResponse<String> r = server.send(line[0], line[1], bearer(secret));
        assertTrue(r.statusCode() != 401 && r.statusCode() < 500, request.getKey() + ": " + r.statusCode());
        got.append(r.statusCode() == 403 ? '0' : '1');
      }
      assertEquals(request.getValue(), got.toString(), request.getKey() + " as read, submit, operator");
      assertEquals(401, server.send(line[0], line[1]).statusCode(), request.getKey() + " without a credential");
    }
  }

  @Test
  void aReaderOnASubmitRouteIsToldTheRoleItTakes() throws Exception {
    HttpResponse<String> r = server.post("/api/runs", "{}", bearer(reader));
    assertEquals(403, r.statusCode(), r.body());
    assertEquals("the read credential (bob) may not POST /api/runs: it takes operator or submit",
        JSON.readTree(r.body()).get("error").asText());
  }

  @Test
  void aPersonsTokenSignsTheirBrowserInAndKeepsTheirRole() throws Exception {
    HttpResponse<String> link = server.get("/?token=" + reader);
    assertEquals(303, link.statusCode(), link.body());
    String whole = new JoinToken(server.state.caKeySha256(), reader).toString();
    HttpResponse<String> form = server.post("/login", "token=" + whole, "Content-Type",
        "application/x-www-form-urlencoded");
    assertEquals(303, form.statusCode(), "the whole printed token, pasted: " + form.body());
    String cookie = BrowserLogin.COOKIE + "=" + reader;
    assertEquals(200, server.get("/", "Cookie", cookie).statusCode());
    assertEquals(200, server.get("/api/status", "Cookie", cookie).statusCode());
    assertEquals(403, server.post("/api/runs", "{}", "Cookie", cookie).statusCode());
  }

  @Test
  void additionsAndRevocationsAreSeenWithoutARestart() throws Exception {
    String carol = StateFolder.userCredentials(server.state.dir()).add("carol", Role.READ);
    assertEquals(200, server.get("/api/status", bearer(carol)).statusCode());
    assertTrue(StateFolder.userCredentials(server.state.dir()).revoke("carol"));
    assertEquals(401, server.get("/api/status", bearer(carol)).statusCode());
    assertEquals(200, server.get("/api/status", bearer(reader)).statusCode(), "the others keep theirs");
  }
}
