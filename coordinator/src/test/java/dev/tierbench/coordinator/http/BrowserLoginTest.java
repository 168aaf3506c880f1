package dev.tierbench.coordinator.http;

import static dev.tierbench.coordinator.http.SecuredHttp.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser signs in with the operator token, by link or by form, and keeps a cookie that scripts cannot read and
 * other sites cannot send; over TLS the cookie never travels in clear. (The live page after signing in is in
 * {@code LivePageIT}, in Chromium.)
 */
class BrowserLoginTest {

  private static final String HTML = "text/html,application/xhtml+xml";

  @TempDir
  Path dir;

  private SecuredHttp server;
  private String operator;

  @BeforeEach
  void start() throws Exception {
    server = new SecuredHttp(dir, true);
    operator = server.state.operatorToken();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String cookie(HttpResponse<String> r) {
    return r.headers().firstValue("set-cookie").orElse("");
  }

  @Test
  void theTokenInALinkSetsTheCookieAndLeavesTheAddressWithoutIt() throws Exception {
    HttpResponse<String> r = server.get("/api/runs?x=1&token=" + operator + "&y=2");
    assertEquals(303, r.statusCode(), r.body());
    assertEquals("/api/runs?x=1&y=2", r.headers().firstValue("location").orElse(""));
    String set = cookie(r);
    assertTrue(set.startsWith(BrowserLogin.COOKIE + "=" + operator + ";"), set);
    // Attribute names are case-insensitive (Netty writes "HTTPOnly").
    List<String> attributes = List.of(set.toLowerCase(java.util.Locale.ROOT).split(";\\s*"));
    for (String attribute : List.of("path=/", "httponly", "samesite=strict", "secure")) {
      assertTrue(attributes.contains(attribute), attribute + " in " + set);
    }
    assertEquals(200, server.get("/api/status", "Cookie", BrowserLogin.COOKIE + "=" + operator).statusCode());
    assertEquals(200, server.get("/", "Cookie", BrowserLogin.COOKIE + "=" + operator).statusCode());
  }

  @Test
  void aLinkNeverSendsTheBrowserToAnotherSite() throws Exception {
    for (String path : List.of("//evil.example/x", "/\\evil.example/x")) {
      HttpResponse<String> r = server.get(path.replace("\\", "%5C") + "?token=" + operator);
      String location = r.headers().firstValue("location").orElse("");
      assertEquals(303, r.statusCode(), path);
      assertTrue(location.startsWith("/") && !location.startsWith("//") && !location.startsWith("/\\"),
          path + " -> " + location);
    }
  }

  @Test
  void aWrongTokenInALinkSetsNothing() throws Exception {
    HttpResponse<String> r = server.get("/?token=" + operator + "x", "Accept", HTML);
    assertEquals(401, r.statusCode());
    assertEquals("", cookie(r));
    assertTrue(r.body().contains("<form method=\"post\" action=\"/login\">"), r.body());
    String scrape = server.state.scrapeToken();
    assertEquals("", cookie(server.get("/?token=" + scrape)), "only the operator's token signs a browser in");
    assertEquals(401, server.get("/metrics?token=" + scrape).statusCode(),
        "a token in the query is for browsers: the scrape token is sent as a header");
  }

  @Test
  void aBrowserWithoutACredentialGetsTheLoginPageAndOthersJson() throws Exception {
    HttpResponse<String> page = server.get("/", "Accept", HTML);
    assertEquals(401, page.statusCode());
    assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
    assertEquals("Bearer realm=\"tierbench\"", page.headers().firstValue("www-authenticate").orElse(""));
    assertTrue(page.body().contains("<title>tierbench: sign in</title>"), page.body());
    HttpResponse<String> api = server.get("/");
    assertEquals("application/json", api.headers().firstValue("content-type").orElse(""), "no Accept: text/html");
  }

  @Test
  void theLoginFormSetsTheCookieForTheOperatorTokenOnly() throws Exception {
    String form = "application/x-www-form-urlencoded";
    HttpResponse<String> wrong = server.post("/login", "token=nope", "Content-Type", form);
    assertEquals(401, wrong.statusCode());
    assertEquals("", cookie(wrong));
    assertTrue(wrong.body().contains("That is not this coordinator's operator token, nor a user token of it."), wrong.body());
    HttpResponse<String> agent = server.post("/login", "token=" + server.state.access().agents().issue("a"),
        "Content-Type", form);
    assertEquals(401, agent.statusCode(), "an agent's credential signs no browser in");

    HttpResponse<String> right = server.post("/login", "token=" + URLEncoder.encode(" " + operator + "\n",
        StandardCharsets.UTF_8), "Content-Type", form);
    assertEquals(303, right.statusCode(), right.body());
    assertEquals("/", right.headers().firstValue("location").orElse(""));
    assertTrue(cookie(right).startsWith(BrowserLogin.COOKIE + "=" + operator + ";"), cookie(right));
    assertFalse(right.body().contains(operator));
  }

  @Test
  void aCookieHoldingAnotherRolesSecretGetsOnlyThatRole() throws Exception {
    String agent = server.state.access().agents().issue("edge-1");
    assertEquals(403, server.get("/api/status", "Cookie", BrowserLogin.COOKIE + "=" + agent).statusCode());
    assertEquals(401, server.get("/api/status", "Cookie", BrowserLogin.COOKIE + "=stale").statusCode());
    assertEquals(200, server.get("/api/status", bearer(operator)).statusCode(), "the header still works");
  }
}
