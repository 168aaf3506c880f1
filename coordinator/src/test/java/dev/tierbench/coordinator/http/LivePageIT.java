package dev.tierbench.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.sweep.SweepParser;
import dev.tierbench.coordinator.Browser;
import dev.tierbench.coordinator.Coordinator;
import dev.tierbench.coordinator.Fixtures;
import dev.tierbench.coordinator.LocalFleet;
import dev.tierbench.coordinator.preparation.Preparation;
import dev.tierbench.coordinator.run.RunOutcome;
import io.vertx.core.Future;

/**
 * The coordinator's live page in headless Chromium while a real sweep runs: it fills in as results arrive. The
 * browser signs in as the operator as a person would: by the link with {@code ?token=}, or on the login page.
 */
class LivePageIT {

  @TempDir
  Path dir;

  @Test
  void theLivePageShowsAgentsAndFillsInResultsAndTheFrontierDuringARun() throws Exception {
    try (LocalFleet fleet = LocalFleet.start(dir, "local"); Browser browser = new Browser()) {
      Coordinator coordinator = fleet.coordinator();
      browser.open("http://127.0.0.1:" + coordinator.httpPort() + "/?token=" + fleet.state().operatorToken());
      assertEquals("http://127.0.0.1:" + coordinator.httpPort() + "/", browser.script("return location.href;"),
          "the token is out of the address bar (and the history) once the cookie is set");
      browser.await(() -> String.valueOf(browser.script("return document.body.innerText;")).contains("local-1"),
          Duration.ofSeconds(20), "the agent to show");
      assertEquals(true, browser.script("return document.getElementById('submit').hidden;"),
          "a coordinator serving no queue offers no submit form");

      Path sweep = dir.resolve("live.yaml");
      Files.writeString(sweep, "name: live\nmodels: [" + Fixtures.KWS + "]\naxes: {batch: [1, 2, 4]}\n"
          + "repetitions: 2\nmeasurement: {warmup: 2, min-duration: 1s, min-queries: 20, max-duration: 5s}\n");
      Future<RunOutcome> run = coordinator.submit("live", Preparation.plan(SweepParser.parse(sweep), dir.resolve("cache")),
          dir.resolve("runs/live"));

      List<Long> seen = new ArrayList<>();
      browser.await(() -> {
        Object measured = browser.script("return document.body.dataset.measured || null;");
        long n = measured == null ? 0 : Long.parseLong(measured.toString());
        if (seen.isEmpty() || seen.get(seen.size() - 1) != n) {
          seen.add(n);
        }
        return run.isComplete() && n == 3 && browser.drawnMarkers("live-frontier") == 3;
      }, Duration.ofSeconds(90), "every trial in the results table and on the frontier");

      assertTrue(run.succeeded(), String.valueOf(run.cause()));
      assertTrue(seen.stream().anyMatch(n -> n > 0 && n < 3), "the page showed the run part-way: " + seen);
      assertEquals(4L, browser.script("return document.querySelectorAll('#results tr').length;"),
          "header and a row per trial");
      assertEquals(List.of(), browser.consoleErrors());
      browser.screenshot("live-page");
    }
  }

  @Test
  void aBrowserWithoutTheTokenGetsTheLoginPageAndTheLivePageOnceSignedIn() throws Exception {
    try (LocalFleet fleet = LocalFleet.start(dir, "local"); Browser browser = new Browser()) {
      String base = "http://127.0.0.1:" + fleet.coordinator().httpPort();
      browser.open(base + "/");
      assertEquals("tierbench: sign in", browser.script("return document.title;"));
      assertEquals(List.of(), browser.script("return document.cookie ? [document.cookie] : [];"));

      browser.script("document.getElementById('token').value = 'not-the-token'; document.forms[0].submit();");
      browser.await(() -> String.valueOf(browser.script("return document.getElementById('message') ?"
          + " document.getElementById('message').innerText : '';")).contains("not this coordinator's operator"
          + " token"), Duration.ofSeconds(10), "a wrong token to be refused");

      browser.script("document.getElementById('token').value = arguments[0]; document.forms[0].submit();",
          fleet.state().operatorToken());
      browser.await(() -> String.valueOf(browser.script("return document.body.innerText;")).contains("local-1"),
          Duration.ofSeconds(20), "the live page, showing the agent");
      assertEquals(base + "/", browser.script("return location.href;"));
      assertEquals("", browser.script("return document.cookie;"), "the cookie is HttpOnly: no script reads it");
      assertEquals(List.of(), browser.consoleErrors().stream().filter(e -> !e.contains("401")).toList(),
          "nothing failed but the refused login");
    }
  }
}
