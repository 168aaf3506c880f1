package dev.tierbench.coordinator.http;

import static dev.tierbench.coordinator.http.SecuredHttp.MODEL_SHA256;
import static dev.tierbench.coordinator.http.SecuredHttp.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tierbench.coordinator.trust.Access.Role;
import dev.tierbench.coordinator.trust.StateFolder;

/** Who may ask the coordinator's HTTP side what, over TLS, with a real state folder's secrets. */
class AccessRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private SecuredHttp server;
  private String operator;
  private String scrape;
  private String join;
  private String agent;

  @BeforeEach
  void start() throws Exception {
    server = new SecuredHttp(dir, true);
    operator = server.state.operatorToken();
    scrape = server.state.scrapeToken();
    join = server.state.joinToken().toString();
    agent = server.state.access().agents().issue("edge-1");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String error(HttpResponse<String> r) throws Exception {
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(""), r.body());
    return JSON.readTree(r.body()).get("error").asText();
  }

  @Test
  void onlyHealthIsOpenAndAnythingElseWithoutACredentialIs401WithTheBearerChallenge() throws Exception {
    assertEquals(200, server.get("/health").statusCode());
    for (String path : List.of("/", "/api/status", "/api/agents", "/api/runs", "/metrics", "/models/" + MODEL_SHA256,
        "/datasets/" + MODEL_SHA256, "/assets/live.js", "/no/such/path")) {
      HttpResponse<String> r = server.get(path);
      assertEquals(401, r.statusCode(), path + ": " + r.body());
      assertEquals("Bearer realm=\"tierbench\"", r.headers().firstValue("WWW-Authenticate").orElse(""), path);
      assertTrue(error(r).contains("no credential was given"), path + ": " + r.body());
      assertFalse(r.body().contains(operator), "no secret in an answer");
    }
    HttpResponse<String> unknown = server.get("/api/status", bearer("x".repeat(43)));
    assertEquals(401, unknown.statusCode());
    assertTrue(error(unknown).contains("an unknown bearer credential"), unknown.body());
    HttpResponse<String> basic = server.get("/api/status", "Authorization", "Basic " + operator);
    assertEquals(401, basic.statusCode(), "the operator token under another scheme is no bearer credential");
  }

  @Test
  void eachRoleGetsItsPathsAndA403ElsewhereNamingWhatThePathTakes() throws Exception {
    Map<String, Integer> paths = new LinkedHashMap<>();
    paths.put("/api/status", 0);
    paths.put("/", 1);
    paths.put("/assets/live.js", 2);
    paths.put("/api/runs", 3);
    paths.put("/metrics", 4);
    paths.put("/models/" + MODEL_SHA256, 5);
    // Who gets through (1) to each path above, in that order.
    Map<Role, String> secrets = Map.of(Role.OPERATOR, operator, Role.SCRAPE, scrape, Role.JOIN, join,
        Role.AGENT, agent, Role.READ, server.state.access().users().add("bob", Role.READ),
        Role.SUBMIT, server.state.access().users().add("alice", Role.SUBMIT));
    Map<Role, String> through = Map.of(Role.OPERATOR, "111111", Role.SCRAPE, "000010", Role.JOIN, "000000",
        Role.AGENT, "000001", Role.READ, "111100", Role.SUBMIT, "111100");
    for (Role role : Role.values()) {
      StringBuilder got = new StringBuilder();
      for (String path : paths.keySet()) {
        HttpResponse<String> r = server.get(path, bearer(secrets.get(role)));
        assertTrue(r.statusCode() == 200 || r.statusCode() == 403, role + " " + path + ": " + r.statusCode());
        got.append(r.statusCode() == 200 ? '1' : '0');
        if (r.statusCode() == 403) {
          assertTrue(error(r).startsWith("the " + role.name().toLowerCase() + " credential"), r.body());
          assertTrue(error(r).contains("may not GET " + path + ": it takes"), r.body());
        }
      }
      assertEquals(through.get(role), got.toString(), role + " on " + paths.keySet());
    }
    assertEquals(404, server.get("/datasets/" + MODEL_SHA256, bearer(agent)).statusCode(),
        "an agent passes the gate for datasets, and is told there is no such set");
    assertEquals(403, server.get("/datasets/" + MODEL_SHA256, bearer(scrape)).statusCode());
  }

  @Test
  void aJoinTokenBuysAnAgentCredentialAndNothingElse() throws Exception {
    HttpResponse<String> issued = server.post(AgentEnrolment.PATH, "{\"name\": \"pi-7\"}", bearer(join));
    assertEquals(200, issued.statusCode(), issued.body());
    JsonNode body = JSON.readTree(issued.body());
    assertEquals("pi-7", body.get("name").asText());
    String credential = body.get("credential").asText();
    assertEquals("pi-7", server.state.access().identify(credential).orElseThrow().name());
    assertEquals(Role.AGENT, server.state.access().identify(credential).orElseThrow().role());
    assertEquals(200, server.get("/models/" + MODEL_SHA256, bearer(credential)).statusCode());
    assertEquals(403, server.post(AgentEnrolment.PATH, "{\"name\": \"pi-8\"}", bearer(credential)).statusCode(),
        "an agent cannot mint others");
    assertEquals(403, server.post(AgentEnrolment.PATH, "{\"name\": \"pi-8\"}", bearer(scrape)).statusCode());
    assertEquals(401, server.post(AgentEnrolment.PATH, "{\"name\": \"pi-8\"}").statusCode());
    // The join token's secret alone (what an agent may hold) is the join token too.
    assertEquals(200, server.post(AgentEnrolment.PATH, "{\"name\": \"pi-9\"}",
        bearer(server.state.joinToken().secret())).statusCode());
    assertEquals(200, server.post(AgentEnrolment.PATH, "{\"name\": \"pi-10\"}", bearer(operator)).statusCode(),
        "the operator provisions an agent by hand");

  }

  @Test
  void theJoinTokenBuysNoCredentialForANameThatHoldsOneUntilItIsRevoked() throws Exception {
    String first = JSON.readTree(server.post(AgentEnrolment.PATH, "{\"name\": \"pi-7\"}", bearer(join)).body())
        .get("credential").asText();
    HttpResponse<String> taken = server.post(AgentEnrolment.PATH, "{\"name\": \"pi-7\"}", bearer(join));
    assertEquals(409, taken.statusCode(), taken.body());
    assertEquals("agent pi-7 already holds a credential: join under another --agent-id, or, if this is pi-7 joining"
        + " anew, run `tierbench token revoke pi-7` on the coordinator first", error(taken));
    assertEquals(200, server.get("/models/" + MODEL_SHA256, bearer(first)).statusCode(), "pi-7 keeps its own");

    server.state.access().agents().revoke("pi-7");
    String again = JSON.readTree(server.post(AgentEnrolment.PATH, "{\"name\": \"pi-7\"}", bearer(join)).body())
        .get("credential").asText();
    assertEquals(200, server.get("/models/" + MODEL_SHA256, bearer(again)).statusCode(), "a revoked name is free");
    String provisioned = JSON.readTree(server.post(AgentEnrolment.PATH, "{\"name\": \"pi-7\"}", bearer(operator))
        .body()).get("credential").asText();
    assertEquals(401, server.get("/models/" + MODEL_SHA256, bearer(again)).statusCode(),
        "the operator provisioning a name by hand replaces its credential");
    assertEquals(200, server.get("/models/" + MODEL_SHA256, bearer(provisioned)).statusCode());
  }

  @Test
  void aCredentialRequestWithoutAValidNameIs400() throws Exception {
    for (String body : List.of("", "{}", "[]", "not json", "{\"name\": 7}", "{\"name\": \"\"}",
        "{\"name\": \"-starts-with-dash\"}", "{\"name\": \"has space\"}", "{\"name\": \"" + "a".repeat(129) + "\"}",
        "{\"name\": \"../etc\"}")) {
      HttpResponse<String> r = server.post(AgentEnrolment.PATH, body, bearer(join));
      assertEquals(400, r.statusCode(), body + ": " + r.body());
      assertTrue(error(r).startsWith("give the agent's name as {\"name\": NAME}"), r.body());
    }
    assertEquals(List.of("edge-1"), List.copyOf(server.state.access().agents().issued().keySet()),
        "no credential was issued for a bad request");
    HttpResponse<String> get = server.get(AgentEnrolment.PATH, bearer(join));
    assertEquals(405, get.statusCode(), get.body());
    assertTrue(error(get).endsWith("use POST"), get.body());
  }

  @Test
  void aRevokedAgentIsRefusedAtOnce() throws Exception {
    assertEquals(200, server.get("/models/" + MODEL_SHA256, bearer(agent)).statusCode());
    assertTrue(StateFolder.agentCredentials(server.state.dir()).revoke("edge-1"));
    assertEquals(401, server.get("/models/" + MODEL_SHA256, bearer(agent)).statusCode());
  }

  @Test
  void aStateFolderThatCannotBeReadIs503NotAnOpenDoor() throws Exception {
    Files.delete(server.state.dir().resolve(StateFolder.OPERATOR_TOKEN));
    HttpResponse<String> r = server.get("/api/status", bearer(operator));
    assertEquals(503, r.statusCode(), r.body());
    assertTrue(error(r).startsWith("cannot check credentials: "), r.body());
    assertEquals(200, server.get("/health").statusCode(), "health needs no state");
  }
}
